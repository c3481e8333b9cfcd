using System.Globalization;
using Beds24.Api.Models;

namespace Beds24Sync.Calendar;

/// <summary>
/// Merges calendar cells into the fewest Beds24 ranges: last write wins per room/date/field by version, then
/// adjacent days with equal values become one range. Pure, so a burst of N changes becomes one POST.
/// </summary>
public static class CalendarCoalescer
{
    public static IReadOnlyList<CalendarCell> LastWriteWins(IEnumerable<CalendarCell> cells) =>
        [.. cells.GroupBy(c => (c.RoomId, c.Date, c.Field)).Select(g => g.MaxBy(c => c.Version)!)];

    public static IReadOnlyList<Beds24RoomCalendar> ToRoomCalendars(IEnumerable<CalendarCell> cells)
    {
        var rooms = new List<Beds24RoomCalendar>();
        foreach (var room in LastWriteWins(cells).GroupBy(c => c.RoomId).OrderBy(g => g.Key))
        {
            var days = room.GroupBy(c => c.Date).Select(day => ToDay(room.Key, day.Key, day));
            // Compress only merges days whose every field is equal, and a field not set that day stays unsent.
            rooms.Add(new Beds24RoomCalendar(room.Key, CalendarRanges.Compress(days)));
        }

        return rooms;
    }

    private static Beds24CalendarDay ToDay(long roomId, DateOnly date, IEnumerable<CalendarCell> cells)
    {
        var day = new Beds24CalendarDay { RoomId = roomId, Date = date };
        Dictionary<int, decimal>? prices = null;
        foreach (var cell in cells)
        {
            day = cell.Field switch
            {
                CalendarFields.NumAvail => day with { NumAvail = int.Parse(cell.Value, CultureInfo.InvariantCulture) },
                CalendarFields.MinStay => day with { MinStay = int.Parse(cell.Value, CultureInfo.InvariantCulture) },
                CalendarFields.MaxStay => day with { MaxStay = int.Parse(cell.Value, CultureInfo.InvariantCulture) },
                CalendarFields.Override => day with { Override = cell.Value },
                _ when CalendarFields.PriceSlot(cell.Field) is { } slot => AddPrice(day, ref prices, slot, decimal.Parse(cell.Value, CultureInfo.InvariantCulture)),
                _ => throw new InvalidOperationException($"Unknown calendar field '{cell.Field}'."),
            };
        }

        return prices is null ? day : day with { Prices = prices };
    }

    private static Beds24CalendarDay AddPrice(Beds24CalendarDay day, ref Dictionary<int, decimal>? prices, int slot, decimal price)
    {
        (prices ??= [])[slot] = price;
        return day;
    }
}

public static class CalendarFields
{
    public const string NumAvail = "numAvail";
    public const string MinStay = "minStay";
    public const string MaxStay = "maxStay";
    public const string Override = "override";

    public static string Price(int slot) => "price" + slot.ToString(CultureInfo.InvariantCulture);

    public static int? PriceSlot(string field) =>
        field.StartsWith("price", StringComparison.Ordinal) && int.TryParse(field.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var slot) && slot is >= 1 and <= 16
            ? slot
            : null;
}
