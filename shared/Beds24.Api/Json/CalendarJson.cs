using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Beds24.Api.Models;

namespace Beds24.Api.Json;

/// <summary>
/// Calendar ranges on the wire: <c>price1</c>…<c>price16</c> are flat fields, and JSON null deletes a value, so
/// these are read and written by hand rather than by the serializer.
/// </summary>
internal static class CalendarJson
{
    public const int PriceSlots = 16;

    public static Beds24RoomCalendar ReadRoom(JsonElement room)
    {
        var roomId = room.TryGetProperty("roomId", out var id) ? ReadLong(id) ?? 0 : 0;
        var ranges = new List<Beds24CalendarRange>();
        if (room.TryGetProperty("calendar", out var calendar) && calendar.ValueKind == JsonValueKind.Array)
        {
            foreach (var range in calendar.EnumerateArray())
            {
                ranges.Add(ReadRange(range));
            }
        }

        return new Beds24RoomCalendar(roomId, ranges);
    }

    public static Beds24CalendarRange ReadRange(JsonElement range)
    {
        var from = DateOnly.ParseExact(range.GetProperty("from").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = range.TryGetProperty("to", out var toElement) && toElement.ValueKind == JsonValueKind.String
            ? DateOnly.ParseExact(toElement.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture)
            : from;
        Dictionary<int, decimal>? prices = null;
        for (var slot = 1; slot <= PriceSlots; slot++)
        {
            if (range.TryGetProperty($"price{slot}", out var price) && ReadDecimal(price) is { } value)
            {
                (prices ??= [])[slot] = value;
            }
        }

        return new Beds24CalendarRange
        {
            From = from,
            To = to,
            NumAvail = Int(range, "numAvail"),
            MinStay = Int(range, "minStay"),
            MaxStay = Int(range, "maxStay"),
            Multiplier = range.TryGetProperty("multiplier", out var m) ? ReadDecimal(m) : null,
            Override = range.TryGetProperty("override", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null,
            Prices = prices,
        };
    }

    public static JsonArray WriteRooms(IReadOnlyList<Beds24RoomCalendar> rooms)
    {
        var array = new JsonArray();
        foreach (var room in rooms)
        {
            var calendar = new JsonArray();
            foreach (var range in room.Calendar)
            {
                calendar.Add(WriteRange(range));
            }

            array.Add(new JsonObject { ["roomId"] = room.RoomId, ["calendar"] = calendar });
        }

        return array;
    }

    private static JsonObject WriteRange(Beds24CalendarRange range)
    {
        var o = new JsonObject
        {
            ["from"] = range.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["to"] = range.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        if (range.NumAvail is { } numAvail) o["numAvail"] = numAvail;
        if (range.MinStay is { } minStay) o["minStay"] = minStay;
        if (range.MaxStay is { } maxStay) o["maxStay"] = maxStay;
        if (range.Multiplier is { } multiplier) o["multiplier"] = multiplier;
        if (range.Override is { } @override) o["override"] = @override;
        foreach (var (slot, price) in range.Prices ?? new Dictionary<int, decimal>())
        {
            if (slot is < 1 or > PriceSlots)
            {
                throw new ArgumentOutOfRangeException(nameof(range), slot, "Beds24 has price slots 1 to 16.");
            }

            o[$"price{slot}"] = price;
        }

        foreach (var cleared in range.Cleared ?? [])
        {
            o[cleared] = null;
        }

        return o;
    }

    private static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && ReadDecimal(v) is { } d ? (int)d : null;

    private static long? ReadLong(JsonElement e) => ReadDecimal(e) is { } d ? (long)d : null;

    private static decimal? ReadDecimal(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetDecimal(),
        JsonValueKind.String when decimal.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };
}
