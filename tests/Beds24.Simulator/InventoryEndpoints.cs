using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Beds24.Simulator;

/// <summary>
/// GET/POST /inventory/rooms/calendar and GET /properties. The calendar is stored per room and date; GET compresses
/// runs of equal days into ranges with an inclusive <c>to</c>; POST takes ranges, and null deletes a value.
/// </summary>
internal static class InventoryEndpoints
{
    private static readonly HashSet<string> Overrides = ["none", "blackout", "exception", "noCheckIn", "noCheckOut", "noCheckInOrCheckOut"];

    public static void Map(WebApplication app, SimulatorState state)
    {
        app.MapGet("/v2/inventory/rooms/calendar", (HttpContext ctx) => GetCalendar(ctx, state));
        // Typed as Func<…, Task<IResult>> so minimal APIs do not bind it as a RequestDelegate and drop the result.
        app.MapPost("/v2/inventory/rooms/calendar", (Func<HttpContext, Task<IResult>>)(ctx => PostCalendar(ctx, state)));
        app.MapGet("/v2/properties", (HttpContext ctx) => GetProperties(ctx, state));
    }

    private static IResult GetCalendar(HttpContext ctx, SimulatorState state)
    {
        var owner = (int)ctx.Items[SimulatorMiddleware.OwnerKey]!;
        var q = new QueryReader(ctx.Request.Query);
        var roomIds = q.Longs("roomId");
        var propertyIds = q.Longs("propertyId");
        var start = q.Date("startDate");
        var end = q.Date("endDate");
        if (start is null || end is null)
        {
            q.Errors.Add("startDate and endDate are required");
        }

        if (q.Errors.Count > 0)
        {
            return AuthenticationEndpoints.Json(400, SimJson.Error(400, string.Join("; ", q.Errors)));
        }

        var include = new Include(q.Flag("includeNumAvail"), q.Flag("includeMinStay"), q.Flag("includeMaxStay"),
            q.Flag("includeMultiplier"), q.Flag("includeOverride"), q.Flag("includePrices"));
        var data = new JsonArray();
        lock (state.Gate)
        {
            var rooms = state.PropertiesOf(owner)
                .Where(p => propertyIds.Count == 0 || propertyIds.Contains(p.Id))
                .SelectMany(p => state.RoomsOf(p.Id))
                .Where(r => roomIds.Count == 0 || roomIds.Contains(r.Id));
            foreach (var room in rooms)
            {
                data.Add(new JsonObject
                {
                    ["roomId"] = room.Id,
                    ["propertyId"] = room.PropertyId,
                    ["name"] = room.Name,
                    ["calendar"] = include.Any ? Ranges(state, room, start!.Value, end!.Value, include) : new JsonArray(),
                });
            }
        }

        return AuthenticationEndpoints.Json(200, new JsonObject
        {
            ["success"] = true,
            ["type"] = "calendar",
            ["count"] = data.Count,
            ["pages"] = new JsonObject { ["nextPageExists"] = false },
            ["data"] = data,
        });
    }

    private static JsonArray Ranges(SimulatorState state, SimRoom room, DateOnly start, DateOnly end, Include include)
    {
        var ranges = new JsonArray();
        JsonObject? current = null;
        string? currentKey = null;
        for (var date = start; date <= end; date = date.AddDays(1))
        {
            var values = DayValues(state, room, date, include);
            var key = values.ToJsonString();
            if (current is not null && key == currentKey)
            {
                current["to"] = SimJson.Date(date);
                continue;
            }

            current = new JsonObject { ["from"] = SimJson.Date(date), ["to"] = SimJson.Date(date) };
            foreach (var (name, value) in values)
            {
                current[name] = value?.DeepClone();
            }

            currentKey = key;
            ranges.Add(current);
        }

        return ranges;
    }

    private static JsonObject DayValues(SimulatorState state, SimRoom room, DateOnly date, Include include)
    {
        var day = state.Day(room.Id, date) ?? new SimCalendarDay();
        var o = new JsonObject();
        if (include.NumAvail) o["numAvail"] = state.NumAvail(room.Id, date);
        if (include.MinStay && day.MinStay is { } minStay) o["minStay"] = minStay;
        if (include.MaxStay && day.MaxStay is { } maxStay) o["maxStay"] = maxStay;
        if (include.Multiplier) o["multiplier"] = day.Multiplier ?? 1m;
        if (include.Override) o["override"] = day.Override ?? "none";
        if (include.Prices)
        {
            foreach (var (slot, price) in day.Prices.OrderBy(p => p.Key))
            {
                o[$"price{slot.ToString(CultureInfo.InvariantCulture)}"] = price;
            }
        }

        return o;
    }

    private static async Task<IResult> PostCalendar(HttpContext ctx, SimulatorState state)
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
            var rangeCount = 0;
            lock (state.Gate)
            {
                foreach (var roomItem in doc.RootElement.EnumerateArray())
                {
                    results.Add(WriteRoom(state, owner, roomItem, ref rangeCount));
                }
            }

            ctx.Items[SimulatorMiddleware.CostKey] = state.Options.BaseRequestCost + rangeCount * state.Options.CalendarRangeWriteCost;
            return AuthenticationEndpoints.Json(201, results);
        }
    }

    private static JsonObject WriteRoom(SimulatorState state, int owner, JsonElement item, ref int rangeCount)
    {
        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("roomId", out var roomIdElement) || !roomIdElement.TryGetInt64(out var roomId))
        {
            return Failure("roomId", "roomId is required");
        }

        if (state.Room(roomId) is not { } room || state.Property(room.PropertyId)?.OwnerId != owner)
        {
            return Failure("roomId", $"Room {roomId} not found");
        }

        if (!item.TryGetProperty("calendar", out var calendar) || calendar.ValueKind != JsonValueKind.Array)
        {
            return Failure("calendar", "calendar must be an array");
        }

        var errors = new JsonArray();
        var staged = new List<(DateOnly Date, SimCalendarDay Day)>();
        foreach (var range in calendar.EnumerateArray())
        {
            rangeCount++;
            if (!TryDate(range, "from", out var from) || !TryDate(range, "to", out var to) || to < from)
            {
                errors.Add(SimJson.Problem("calendar", "from", "from and to must be dates with from <= to"));
                continue;
            }

            for (var date = from; date <= to; date = date.AddDays(1))
            {
                var existing = staged.LastOrDefault(s => s.Date == date).Day ?? state.Day(roomId, date) ?? new SimCalendarDay();
                var updated = ApplyRange(existing, range, errors);
                // The spec: changing override away from blackout without numAvail resets numAvail to the maximum.
                if (existing.Override == "blackout" && updated.Override != "blackout" && !range.TryGetProperty("numAvail", out _))
                {
                    updated = updated with { NumAvail = room.Qty };
                }

                staged.Add((date, updated));
            }
        }

        if (errors.Count > 0)
        {
            return new JsonObject { ["success"] = false, ["errors"] = errors };
        }

        foreach (var (date, day) in staged)
        {
            state.SetDay(roomId, date, day);
        }

        return new JsonObject { ["success"] = true, ["modified"] = new JsonObject { ["roomId"] = roomId, ["days"] = staged.Select(s => s.Date).Distinct().Count() } };
    }

    private static SimCalendarDay ApplyRange(SimCalendarDay day, JsonElement range, JsonArray errors)
    {
        foreach (var p in range.EnumerateObject())
        {
            var isNull = p.Value.ValueKind == JsonValueKind.Null;
            switch (p.Name)
            {
                case "from" or "to":
                    break;
                case "numAvail":
                    day = day with { NumAvail = isNull ? null : p.Value.GetInt32() };
                    break;
                case "minStay":
                    day = day with { MinStay = isNull ? null : Bounded(p, 1, 365, errors) };
                    break;
                case "maxStay":
                    day = day with { MaxStay = isNull ? null : Bounded(p, 1, 364, errors) };
                    break;
                case "multiplier":
                    day = day with { Multiplier = isNull ? null : p.Value.GetDecimal() };
                    break;
                case "override":
                    if (!isNull && !Overrides.Contains(p.Value.GetString() ?? ""))
                    {
                        errors.Add(SimJson.Problem("calendar", "override", $"Invalid override '{p.Value}'"));
                    }

                    day = day with { Override = isNull ? null : p.Value.GetString() };
                    break;
                case var name when name.StartsWith("price", StringComparison.Ordinal)
                    && int.TryParse(name.AsSpan(5), NumberStyles.Integer, CultureInfo.InvariantCulture, out var slot) && slot is >= 1 and <= 16:
                    var prices = new Dictionary<int, decimal>(day.Prices);
                    if (isNull)
                    {
                        prices.Remove(slot);
                    }
                    else if (p.Value.ValueKind == JsonValueKind.Number && p.Value.GetDecimal() >= 0)
                    {
                        prices[slot] = p.Value.GetDecimal();
                    }
                    else
                    {
                        errors.Add(SimJson.Problem("calendar", name, "Price must be a number >= 0"));
                    }

                    day = day with { Prices = prices };
                    break;
                default:
                    errors.Add(SimJson.Problem("calendar", p.Name, $"Unknown field {p.Name}"));
                    break;
            }
        }

        return day;
    }

    private static int? Bounded(JsonProperty p, int min, int max, JsonArray errors)
    {
        if (p.Value.TryGetInt32(out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add(SimJson.Problem("calendar", p.Name, $"{p.Name} must be between {min} and {max}"));
        return null;
    }

    private static bool TryDate(JsonElement range, string name, out DateOnly date)
    {
        date = default;
        return range.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String
            && DateOnly.TryParseExact(e.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    private static IResult GetProperties(HttpContext ctx, SimulatorState state)
    {
        var owner = (int)ctx.Items[SimulatorMiddleware.OwnerKey]!;
        var q = new QueryReader(ctx.Request.Query);
        var ids = q.Longs("id");
        var includeRooms = q.Flag("includeAllRooms");
        var includeUnits = q.Flag("includeUnitDetails");
        if (q.Errors.Count > 0)
        {
            return AuthenticationEndpoints.Json(400, SimJson.Error(400, string.Join("; ", q.Errors)));
        }

        var data = new JsonArray();
        lock (state.Gate)
        {
            foreach (var property in state.PropertiesOf(owner).Where(p => ids.Count == 0 || ids.Contains(p.Id)))
            {
                var o = new JsonObject { ["id"] = property.Id, ["name"] = property.Name, ["currency"] = property.Currency, ["country"] = property.Country };
                // As live (2026-08): the booking webhook setting, with "" for what is not set.
                var webhook = property.Webhook;
                o["webhooks"] = new JsonObject
                {
                    ["version"] = webhook is null || webhook.Version == 1 ? "one" : "twoNoPersonalData",
                    ["url"] = webhook?.Url.ToString() ?? "",
                    ["additionalData"] = webhook?.AdditionalData ?? "none",
                    ["customHeader"] = webhook is null ? "" : string.Join('\n', webhook.CustomHeaders.Select(h => $"{h.Key}: {h.Value}")),
                };
                if (includeRooms)
                {
                    var rooms = new JsonArray();
                    foreach (var room in state.RoomsOf(property.Id))
                    {
                        var r = new JsonObject { ["id"] = room.Id, ["name"] = room.Name, ["qty"] = room.Qty };
                        if (includeUnits)
                        {
                            r["units"] = new JsonArray([.. Enumerable.Range(1, room.Qty).Select(i => (JsonNode)new JsonObject { ["id"] = i, ["name"] = $"{room.Name} {i}" })]);
                        }

                        rooms.Add(r);
                    }

                    o["roomTypes"] = rooms;
                }

                data.Add(o);
            }
        }

        return AuthenticationEndpoints.Json(200, new JsonObject
        {
            ["success"] = true,
            ["type"] = "property",
            ["count"] = data.Count,
            ["pages"] = new JsonObject { ["nextPageExists"] = false },
            ["data"] = data,
        });
    }

    private static JsonObject Failure(string field, string message) =>
        new() { ["success"] = false, ["errors"] = new JsonArray(SimJson.Problem("calendar", field, message)) };

    private sealed record Include(bool NumAvail, bool MinStay, bool MaxStay, bool Multiplier, bool Override, bool Prices)
    {
        public bool Any => NumAvail || MinStay || MaxStay || Multiplier || Override || Prices;
    }
}
