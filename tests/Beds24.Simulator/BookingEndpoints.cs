using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Beds24.Simulator;

/// <summary>GET/POST/DELETE /bookings with Beds24's semantics (FACTS.md §Bookings): defaults that leave cancelled and past bookings out, paging, per-item results.</summary>
internal static class BookingEndpoints
{
    private static readonly string[] Statuses = ["new", "request", "confirmed", "cancelled", "inquiry", "black"];
    private static readonly string[] DefaultStatuses = ["confirmed", "request", "new", "black", "inquiry"];
    // The spec: "By default, filters will only return bookings with a status of confirmed, new or request."
    private static readonly string[] FilterStatuses = ["confirmed", "request", "new"];
    private static readonly string[] Filters = ["arrivals", "departures", "new", "current"];
    private static readonly string[] DateFilters =
        ["arrival", "arrivalFrom", "arrivalTo", "departure", "departureFrom", "departureTo", "bookingTimeFrom", "bookingTimeTo", "modifiedFrom", "modifiedTo"];

    public static void Map(WebApplication app, SimulatorState state)
    {
        app.MapGet("/v2/bookings", (HttpContext ctx) => Get(ctx, state));
        app.MapPost("/v2/bookings", (Func<HttpContext, Task<IResult>>)(ctx => Post(ctx, state)));
        app.MapDelete("/v2/bookings", (HttpContext ctx) => Delete(ctx, state));
    }

    private static IResult Get(HttpContext ctx, SimulatorState state)
    {
        var owner = (int)ctx.Items[SimulatorMiddleware.OwnerKey]!;
        var q = new QueryReader(ctx.Request.Query);
        var ids = q.Longs("id");
        var propertyIds = q.Longs("propertyId");
        var roomIds = q.Longs("roomId");
        var masterIds = q.Longs("masterId");
        var apiReferences = q.Strings("apiReference");
        var statuses = q.Strings("status");
        var arrival = q.Date("arrival");
        var arrivalFrom = q.Date("arrivalFrom");
        var arrivalTo = q.Date("arrivalTo");
        var departure = q.Date("departure");
        var departureFrom = q.Date("departureFrom");
        var departureTo = q.Date("departureTo");
        var bookingTimeFrom = q.Time("bookingTimeFrom") - state.Options.BookingTimeFilterOffset;
        var bookingTimeTo = q.Time("bookingTimeTo") - state.Options.BookingTimeFilterOffset;
        var modifiedFrom = q.Time("modifiedFrom");
        var modifiedTo = q.Time("modifiedTo");
        var search = ctx.Request.Query["searchString"].ToString();
        var channel = ctx.Request.Query["channel"].ToString();
        var filter = ctx.Request.Query["filter"].ToString();
        if (filter.Length > 0 && !Filters.Contains(filter))
        {
            q.Errors.Add($"Invalid filter '{filter}': expected one of {string.Join(", ", Filters)}");
        }

        // Live, the status vocabulary is checked: an unknown value is a 400 naming the parameter.
        foreach (var status in statuses.Where(s => !Statuses.Contains(s)))
        {
            q.Errors.Add($"Parameter status has an invalid value '{status}': expected one of {string.Join(", ", Statuses)}");
        }

        if (q.Errors.Count > 0)
        {
            return AuthenticationEndpoints.Json(400, SimJson.Error(400, string.Join("; ", q.Errors)));
        }

        var wanted = statuses.Count > 0 ? statuses : filter.Length > 0 ? FilterStatuses : DefaultStatuses;
        // Without a date, id or named filter Beds24 returns only current and future bookings.
        var currentOnly = (ids.Count == 0 || state.Options.IdReadsHidePastBookings) && apiReferences.Count == 0 && masterIds.Count == 0 && filter.Length == 0 && !DateFilters.Any(q.Has);
        var now = state.Time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        List<SimBooking> matches;
        lock (state.Gate)
        {
            matches = state.AllBookings.Where(b =>
                    b.OwnerId == owner
                    && (ids.Count == 0 || ids.Contains(b.Id))
                    && (propertyIds.Count == 0 || propertyIds.Contains(b.PropertyId))
                    && (roomIds.Count == 0 || roomIds.Contains(b.RoomId))
                    && (masterIds.Count == 0 || (b.MasterId is { } m && masterIds.Contains(m)))
                    && (apiReferences.Count == 0 || (b.ApiReference is { } r && apiReferences.Contains(r)))
                    && wanted.Contains(b.Status)
                    && (arrival is null || b.Arrival == arrival)
                    && (arrivalFrom is null || b.Arrival >= arrivalFrom)
                    && (arrivalTo is null || b.Arrival <= arrivalTo)
                    && (departure is null || b.Departure == departure)
                    && (departureFrom is null || b.Departure >= departureFrom)
                    && (departureTo is null || b.Departure <= departureTo)
                    && (bookingTimeFrom is null || b.BookingTime >= bookingTimeFrom)
                    && (bookingTimeTo is null || b.BookingTime <= bookingTimeTo)
                    && (modifiedFrom is null || b.ModifiedTime >= modifiedFrom)
                    && (modifiedTo is null || b.ModifiedTime <= modifiedTo)
                    && (!currentOnly || b.Departure >= today)
                    && (channel.Length == 0 || string.Equals(b.Channel, channel, StringComparison.OrdinalIgnoreCase))
                    && MatchesFilter(b, filter, today, now)
                    && (string.IsNullOrEmpty(search) || Matches(b, search)))
                .OrderBy(b => b.Id)
                .ToList();
        }

        var page = q.Page();
        var size = state.Options.PageSize;
        var slice = matches.Skip((page - 1) * size).Take(size).ToList();
        var nextExists = page * size < matches.Count;
        var includeInvoiceItems = q.Flag("includeInvoiceItems");
        var includeInfoItems = q.Flag("includeInfoItems");
        var perBooking = state.Options.BookingReadCost + (includeInvoiceItems ? state.Options.InvoiceItemsReadCost : 0m);
        ctx.Items[SimulatorMiddleware.CostKey] = state.Options.BaseRequestCost + slice.Count * perBooking;
        var data = new JsonArray();
        foreach (var booking in slice)
        {
            var json = SimJson.Booking(booking, state.Options, includeInfoItems);
            // The simulator keeps no invoice items; asking for them returns the (empty) list as Beds24 would.
            if (includeInvoiceItems)
            {
                json["invoiceItems"] = new JsonArray();
            }

            data.Add(json);
        }

        return AuthenticationEndpoints.Json(200, new JsonObject
        {
            ["success"] = true,
            ["type"] = "booking",
            ["count"] = slice.Count,
            ["pages"] = Pages(ctx, nextExists, page),
            ["data"] = data,
        });
    }

    private static async Task<IResult> Post(HttpContext ctx, SimulatorState state)
    {
        var owner = (int)ctx.Items[SimulatorMiddleware.OwnerKey]!;
        JsonDocument doc;
        try
        {
            doc = await JsonDocument.ParseAsync(ctx.Request.Body, cancellationToken: ctx.RequestAborted);
        }
        catch (JsonException ex)
        {
            return AuthenticationEndpoints.Json(400, SimJson.Error(400, "Invalid JSON: " + ex.Message));
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                return AuthenticationEndpoints.Json(400, SimJson.Error(400, "Request body must be an array"));
            }

            var results = new JsonArray();
            var webhooks = new List<(SimBooking Booking, string Kind)>();
            var items = doc.RootElement.EnumerateArray().ToList();
            if (items.Count > state.Options.MaxItemsPerPost)
            {
                // How live Beds24 words this refusal is unknown; that it refuses the request as a whole is what the wiki says.
                return AuthenticationEndpoints.Json(400, SimJson.Error(400, $"A POST takes at most {state.Options.MaxItemsPerPost} top level array items; this one had {items.Count}"));
            }

            ctx.Items[SimulatorMiddleware.CostKey] = state.Options.BookingWriteRequestCost + items.Count * state.Options.BookingWriteCost;
            lock (state.Gate)
            {
                foreach (var item in items)
                {
                    results.Add(item.ValueKind == JsonValueKind.Object
                        ? WriteOne(state, owner, item, webhooks)
                        : Failure(SimJson.Problem("new", null, "Each booking must be an object")));
                }
            }

            foreach (var (booking, kind) in webhooks)
            {
                state.QueueWebhook(booking, kind);
            }

            return AuthenticationEndpoints.Json(201, results);
        }
    }

    private static JsonObject WriteOne(SimulatorState state, int owner, JsonElement item, List<(SimBooking, string)> webhooks)
    {
        var isModify = item.TryGetProperty("id", out var idProbe) && idProbe.ValueKind == JsonValueKind.Number;
        if (TooLong(item, isModify ? "modify" : "new") is { Count: > 0 } tooLong)
        {
            return Failure([.. tooLong]);
        }

        var actions = item.TryGetProperty("actions", out var a) && a.ValueKind == JsonValueKind.Object ? a : default;
        var allowWebhooks = actions.ValueKind == JsonValueKind.Object && actions.TryGetProperty("allowWebhooks", out var aw) && aw.ValueKind == JsonValueKind.True;
        var checkAvailability = actions.ValueKind == JsonValueKind.Object && actions.TryGetProperty("checkAvailability", out var ca) && ca.ValueKind == JsonValueKind.True;
        var badFields = new List<string>();

        if (item.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.Number)
        {
            var id = idElement.GetInt64();
            if (state.GetBookingUnlocked(id) is not { } existing || existing.OwnerId != owner)
            {
                return Failure(SimJson.Problem("modify", "id", $"Booking {id} not found"));
            }

            var changed = SimJson.Apply(existing, item, badFields);
            if (!state.Options.KeepApiReferenceOnPost)
            {
                changed = changed with { ApiReference = existing.ApiReference };
            }

            // Beds24 does not check availability on modifications (checkAvailability is for new bookings only).
            if (changed.Departure <= changed.Arrival)
            {
                return Failure(SimJson.Problem("modify", "departure", "Departure must be after arrival"));
            }

            if (state.Room(changed.RoomId) is not { } room || state.Property(room.PropertyId)?.OwnerId != owner)
            {
                return Failure(SimJson.Problem("modify", "roomId", "Invalid roomId"));
            }

            var updated = state.ReplaceBooking(existing, changed, stampCancelTime: false);
            // API writes fire webhooks only with allowWebhooks, and then only for availability-affecting changes.
            if (allowWebhooks && (state.Options.WebhooksOnEveryChange || updated.AffectsAvailabilityComparedTo(existing)))
            {
                webhooks.Add((updated, updated.Status == "cancelled" ? "cancel" : "modify"));
            }

            var result = new JsonObject { ["success"] = badFields.Count == 0, ["modified"] = WriteShape(state, updated, item) };
            if (badFields.Count > 0)
            {
                result["errors"] = Problems("modify", badFields);
            }

            return result;
        }

        foreach (var required in new[] { "roomId", "arrival", "departure" })
        {
            if (!item.TryGetProperty(required, out _))
            {
                badFields.Add(required);
            }
        }

        if (badFields.Count > 0)
        {
            return Failure([.. badFields.Select(f => SimJson.Problem("new", f, $"{f} is required"))]);
        }

        // Live: a booking made through the API reads back as channel "direct", referer "API" (newBooking has no
        // referer, only refererEditable); the simulator still lets a POST name a channel, so tests can seed OTA bookings.
        var draft = SimJson.Apply(new SimBooking { Status = "confirmed", Channel = "direct", Referer = "API" }, item, badFields);
        if (!state.Options.KeepApiReferenceOnPost)
        {
            draft = draft with { ApiReference = null };
        }

        if (badFields.Count > 0)
        {
            return Failure([.. badFields.Select(f => SimJson.Problem("new", f, $"Invalid value for {f}"))]);
        }

        if (state.Room(draft.RoomId) is not { } newRoom || state.Property(newRoom.PropertyId)?.OwnerId != owner)
        {
            return Failure(SimJson.Problem("new", "roomId", "Invalid roomId"));
        }

        if (draft.Departure <= draft.Arrival)
        {
            return Failure(SimJson.Problem("new", "departure", "Departure must be after arrival"));
        }

        if (checkAvailability && draft.HoldsInventory)
        {
            for (var date = draft.Arrival; date < draft.Departure; date = date.AddDays(1))
            {
                if (state.Available(draft.RoomId, date) < 1)
                {
                    return Failure(SimJson.Problem("checkAvailability", "roomId", $"No availability on {SimJson.Date(date)}"));
                }
            }
        }

        var created = state.InsertBooking(draft);
        if (allowWebhooks)
        {
            webhooks.Add((created, "new"));
        }

        var answer = new JsonObject { ["success"] = true, ["new"] = WriteShape(state, created, item) };
        if (!state.Options.WriteResultsAsFieldLists)
        {
            // As a live create answered (2026-08): the new booking's id again, in an info item.
            answer["info"] = new JsonArray(new JsonObject { ["action"] = "new booking", ["id"] = created.Id });
        }

        return answer;
    }

    private static IResult Delete(HttpContext ctx, SimulatorState state)
    {
        var owner = (int)ctx.Items[SimulatorMiddleware.OwnerKey]!;
        var q = new QueryReader(ctx.Request.Query);
        var ids = q.Longs("id");
        if (q.Errors.Count > 0 || ids.Count == 0)
        {
            return AuthenticationEndpoints.Json(400, SimJson.Error(400, q.Errors.Count > 0 ? string.Join("; ", q.Errors) : "id is required"));
        }

        var results = new JsonArray();
        lock (state.Gate)
        {
            foreach (var id in ids)
            {
                if (state.GetBookingUnlocked(id) is { } booking && booking.OwnerId == owner)
                {
                    state.RemoveBooking(id);
                    results.Add(new JsonObject
                    {
                        ["success"] = true,
                        ["modified"] = new JsonObject { ["id"] = id },
                        ["info"] = new JsonArray(SimJson.Problem("delete", null, "Booking deleted")),
                    });
                }
                else
                {
                    results.Add(Failure(SimJson.Problem("delete", "id", $"Booking {id} not found")));
                }
            }
        }

        return AuthenticationEndpoints.Json(201, results);
    }

    internal static JsonObject Pages(HttpContext ctx, bool nextExists, int page)
    {
        var pages = new JsonObject { ["nextPageExists"] = nextExists };
        if (nextExists)
        {
            var query = string.Join('&', ctx.Request.Query.Where(kv => kv.Key != "page").SelectMany(kv => kv.Value.Select(v => $"{kv.Key}={Uri.EscapeDataString(v ?? "")}")));
            pages["nextPageLink"] = $"{ctx.Request.Scheme}://{ctx.Request.Host}{ctx.Request.Path}?{query}{(query.Length > 0 ? "&" : "")}page={(page + 1).ToString(CultureInfo.InvariantCulture)}";
        }

        return pages;
    }

    /// <summary>
    /// What a write result's new/modified holds: the booking object with its id (what peers observe), or the spec's
    /// list of the fields written (<c>{field, subField}</c>, no id) when <see cref="SimulatorOptions.WriteResultsAsFieldLists"/>.
    /// </summary>
    private static JsonNode WriteShape(SimulatorState state, SimBooking booking, JsonElement item)
    {
        if (!state.Options.WriteResultsAsFieldLists)
        {
            return SimJson.Booking(booking, state.Options);
        }

        return new JsonArray([.. item.EnumerateObject().Where(p => p.Name is not ("id" or "actions")).Select(p => (JsonNode)new JsonObject { ["field"] = p.Name, ["subField"] = null })]);
    }

    /// <summary>Text fields over newBooking's maxLength, as per-item errors (nothing is written).</summary>
    private static List<JsonObject> TooLong(JsonElement item, string action)
    {
        var problems = new List<JsonObject>();
        foreach (var p in item.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.String && SimJson.MaxLengths.TryGetValue(p.Name, out var max) && p.Value.GetString()!.Length > max)
            {
                problems.Add(SimJson.Problem(action, p.Name, $"{p.Name} is longer than {max} characters"));
            }
        }

        return problems;
    }

    private static JsonObject Failure(params JsonObject[] errors) => new() { ["success"] = false, ["errors"] = new JsonArray([.. errors]) };

    private static JsonArray Problems(string action, IEnumerable<string> fields) =>
        new([.. fields.Select(f => (JsonNode)SimJson.Problem(action, f, $"Invalid value for {f}"))]);

    private static bool MatchesFilter(SimBooking b, string filter, DateOnly today, DateTimeOffset now) => filter switch
    {
        "arrivals" => b.Arrival == today,
        "departures" => b.Departure == today,
        "new" => b.BookingTime > now.AddHours(-24),
        "current" => b.Arrival <= today && b.Departure >= today,
        _ => true,
    };

    // The spec: "guest name, email, apiref or bookingId fields match this parameter".
    private static bool Matches(SimBooking b, string search) =>
        b.Id.ToString(CultureInfo.InvariantCulture) == search
        || string.Equals(b.ApiReference, search, StringComparison.OrdinalIgnoreCase)
        || (b.FirstName?.Contains(search, StringComparison.OrdinalIgnoreCase) ?? false)
        || (b.LastName?.Contains(search, StringComparison.OrdinalIgnoreCase) ?? false)
        || (b.Email?.Contains(search, StringComparison.OrdinalIgnoreCase) ?? false);
}
