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
    public static Beds24RoomCalendar ReadRoom(JsonElement room)
    {
        var roomId = room.TryGetProperty("roomId", out var id) ? ReadLong(id) ?? 0 : 0;
        var ranges = new List<Beds24CalendarRange>();
        if (room.TryGetProperty("calendar", out var calendar) && calendar.ValueKind == JsonValueKind.Array)
        {
            foreach (var range in calendar.EnumerateArray())
            {
                if (ReadRange(range) is { } read)
                {
                    ranges.Add(read);
                }
            }
        }

        return new Beds24RoomCalendar(roomId, ranges);
    }

    /// <summary>One range, or null when it has no readable <c>from</c> date (nothing to attribute its values to).</summary>
    public static Beds24CalendarRange? ReadRange(JsonElement range)
    {
        if (range.ValueKind != JsonValueKind.Object || ReadDate(range, "from") is not { } from)
        {
            return null;
        }

        var to = ReadDate(range, "to") ?? from;
        Dictionary<int, decimal>? prices = null;
        for (var slot = 1; slot <= CalendarRanges.PriceSlots; slot++)
        {
            if (range.TryGetProperty(CalendarRanges.PriceField(slot), out var price) && ReadDecimal(price) is { } value)
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
            o[CalendarRanges.PriceField(slot)] = price;
        }

        // Written last, so a field both set and cleared is deleted (as CalendarRanges.Expand reads it).
        foreach (var cleared in range.Cleared ?? [])
        {
            if (string.IsNullOrWhiteSpace(cleared) || cleared is "from" or "to")
            {
                throw new ArgumentException($"Calendar range {range.From:yyyy-MM-dd}..{range.To:yyyy-MM-dd} cannot clear field '{cleared}'.", nameof(range));
            }

            o[cleared] = null;
        }

        return o;
    }

    private static DateOnly? ReadDate(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
        && DateOnly.TryParseExact(v.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;

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
