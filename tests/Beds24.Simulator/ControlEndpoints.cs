using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Beds24.Simulator;

/// <summary>
/// The simulator's own controls, outside Beds24's API (<c>/_simulator/…</c>, not under <c>/v2</c>, so no token and
/// no credits), for driving a running host by hand as an OTA and a flaky network would: inject faults
/// (<see cref="SimulatorFaults"/>) and make, change or cancel channel bookings, which fire webhooks as Beds24's do.
/// Bad input answers 400 with what is wrong.
/// </summary>
internal static class ControlEndpoints
{
    private const string Root = "/_simulator";

    public static void Map(WebApplication app, SimulatorState state, SimulatorFaults faults)
    {
        app.MapGet(Root + "/faults", () => Results.Json(new { answersLost = faults.AnswersLost }));
        app.MapDelete(Root + "/faults", () =>
        {
            faults.Clear();
            return Results.Json(new { cleared = true });
        });
        app.MapPost(Root + "/faults/lose-answer", (HttpContext ctx) => Control(ctx, q =>
        {
            var how = Text(q, "how") is { Length: > 0 } text
                ? Enum.TryParse<LostAnswer>(text, ignoreCase: true, out var parsed) ? parsed : throw new ArgumentException($"how must be one of {string.Join(", ", Enum.GetNames<LostAnswer>())}")
                : LostAnswer.BadGateway;
            faults.LoseAnswerNext(Count(q), how, Text(q, "path") ?? "", Text(q, "method") ?? "POST");
            return new { lostNext = Count(q), how = how.ToString(), path = Text(q, "path") ?? "" };
        }));
        app.MapPost(Root + "/faults/fail", (HttpContext ctx) => Control(ctx, q =>
        {
            var status = Number(q, "status", 503);
            if (status is < 400 or > 599)
            {
                throw new ArgumentException("status must be an HTTP error status (400-599)");
            }

            faults.FailNext(Count(q), status, Text(q, "path") ?? "");
            return new { failNext = Count(q), status, path = Text(q, "path") ?? "" };
        }));
        app.MapPost(Root + "/faults/outage", (HttpContext ctx) => Control(ctx, q =>
        {
            faults.StartOutage(Text(q, "path") ?? "");
            return new { outage = Text(q, "path") ?? "(every path)" };
        }));
        app.MapDelete(Root + "/faults/outage", () =>
        {
            faults.EndOutage();
            return Results.Json(new { outage = (string?)null });
        });
        app.MapPost(Root + "/channel-reservations", (Func<HttpContext, Task<IResult>>)(ctx => AddChannelReservationAsync(ctx, state)));
        app.MapPost(Root + "/bookings/{id:long}/move", (HttpContext ctx, long id) => Control(ctx, q =>
        {
            var nights = Number(q, "nights", 1);
            var moved = state.ModifyBooking(id, b => b with { Departure = b.Departure.AddDays(nights) });
            return new { id, departure = moved.Departure.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        }));
        app.MapPost(Root + "/bookings/{id:long}/cancel", (HttpContext ctx, long id) => Control(ctx, _ => new { id, status = state.CancelBooking(id).Status }));
    }

    private static IResult Control(HttpContext ctx, Func<IQueryCollection, object> act)
    {
        try
        {
            return Results.Json(act(ctx.Request.Query));
        }
        catch (Exception ex) when (ex is ArgumentException or KeyNotFoundException or InvalidOperationException)
        {
            return Results.Json(new { error = ex.Message }, statusCode: 400);
        }
    }

    private static string? Text(IQueryCollection q, string name) => q.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    private static int Count(IQueryCollection q) => Number(q, "count", 1) is var n && n is >= 1 and <= 1000 ? n : throw new ArgumentException("count must be 1 to 1000");

    private static int Number(IQueryCollection q, string name, int fallback) =>
        Text(q, name) is { } text
            ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"{name} must be a whole number")
            : fallback;

    /// <summary>
    /// <c>{ "channel": "booking", "apiSource": "Booking.com", "reference": "BDC-1", "rooms": [{ "roomId": 70001,
    /// "arrival": "2027-01-10", "departure": "2027-01-12", "firstName": "Ann", "lastName": "Guest" }] }</c>: one OTA
    /// reservation (its rooms share the reference and a master id), as a channel delivers it.
    /// </summary>
    private static async Task<IResult> AddChannelReservationAsync(HttpContext ctx, SimulatorState state)
    {
        try
        {
            var body = await JsonNode.ParseAsync(ctx.Request.Body, cancellationToken: ctx.RequestAborted) as JsonObject
                ?? throw new ArgumentException("the body must be one JSON object");
            var rooms = (body["rooms"] as JsonArray ?? throw new ArgumentException("rooms (an array) is required")).Select(node => node as JsonObject ?? throw new ArgumentException("each room must be an object")).Select(room => new SimBooking
            {
                RoomId = (long?)room["roomId"] ?? throw new ArgumentException("each room needs roomId"),
                Arrival = DateOnly.Parse((string?)room["arrival"] ?? throw new ArgumentException("each room needs arrival"), CultureInfo.InvariantCulture),
                Departure = DateOnly.Parse((string?)room["departure"] ?? throw new ArgumentException("each room needs departure"), CultureInfo.InvariantCulture),
                FirstName = (string?)room["firstName"],
                LastName = (string?)room["lastName"],
                Price = (decimal?)room["price"] ?? 100m,
            }).ToList();
            if (rooms.Count == 0 || rooms.Any(r => r.Departure <= r.Arrival))
            {
                throw new ArgumentException("rooms needs at least one room, each departing after it arrives");
            }

            var made = state.AddChannelReservation((string?)body["channel"] ?? "booking", (string?)body["apiSource"] ?? "Booking.com",
                (string?)body["reference"] ?? throw new ArgumentException("reference (the OTA's own) is required"), rooms);
            return Results.Json(new { ids = made.Select(b => b.Id).ToArray() });
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return Results.Json(new { error = ex.Message }, statusCode: 400);
        }
    }
}
