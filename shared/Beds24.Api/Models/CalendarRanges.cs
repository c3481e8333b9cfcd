using System.Globalization;

namespace Beds24.Api.Models;

/// <summary>
/// Beds24 sends runs of equal days as one range with an inclusive <c>to</c>. <see cref="Expand(long, IEnumerable{Beds24CalendarRange})"/>
/// turns ranges into days (a later range overrides an earlier one field by field, and a cleared field deletes the
/// value); <see cref="Compress"/> merges adjacent equal days of one room back into the fewest ranges. Compressing
/// expanded days gives the same calendar back.
/// </summary>
public static class CalendarRanges
{
    public const string NumAvail = "numAvail";
    public const string MinStay = "minStay";
    public const string MaxStay = "maxStay";
    public const string Multiplier = "multiplier";
    public const string Override = "override";
    public const int PriceSlots = 16;

    /// <summary>The wire name of price slot <paramref name="slot"/> (1-16): <c>price1</c>…<c>price16</c>.</summary>
    public static string PriceField(int slot) => slot is >= 1 and <= PriceSlots
        ? "price" + slot.ToString(CultureInfo.InvariantCulture)
        : throw new ArgumentOutOfRangeException(nameof(slot), slot, "Beds24 has price slots 1 to 16.");

    public static IReadOnlyList<Beds24CalendarDay> Expand(Beds24RoomCalendar room)
    {
        ArgumentNullException.ThrowIfNull(room);
        return Expand(room.RoomId, room.Calendar);
    }

    /// <summary>One day per date covered by <paramref name="ranges"/>, ordered by date.</summary>
    /// <exception cref="ArgumentException">A range ends before it starts.</exception>
    public static IReadOnlyList<Beds24CalendarDay> Expand(long roomId, IEnumerable<Beds24CalendarRange> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        var days = new SortedDictionary<DateOnly, Beds24CalendarDay>();
        foreach (var range in ranges)
        {
            if (range.To < range.From)
            {
                throw new ArgumentException($"Calendar range {range.From:yyyy-MM-dd}..{range.To:yyyy-MM-dd} ends before it starts.", nameof(ranges));
            }

            for (var date = range.From; date <= range.To; date = date.AddDays(1))
            {
                var day = days.TryGetValue(date, out var existing) ? existing : new Beds24CalendarDay { RoomId = roomId, Date = date };
                days[date] = Apply(day, range);
            }
        }

        return [.. days.Values];
    }

    /// <summary>The fewest ranges holding <paramref name="days"/> (any order): adjacent dates with equal values share a range.</summary>
    /// <exception cref="ArgumentException">The days belong to several rooms, or a date appears twice.</exception>
    public static IReadOnlyList<Beds24CalendarRange> Compress(IEnumerable<Beds24CalendarDay> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        var ordered = days.OrderBy(d => d.Date).ToList();
        if (ordered.Select(d => d.RoomId).Distinct().Skip(1).Any())
        {
            throw new ArgumentException("Calendar days of several rooms cannot share ranges; compress each room on its own.", nameof(days));
        }

        var result = new List<Beds24CalendarRange>();
        Beds24CalendarDay? runStart = null;
        var runEnd = default(DateOnly);
        foreach (var day in ordered)
        {
            if (runStart is not null && day.Date == runEnd)
            {
                throw new ArgumentException($"Calendar day {day.Date:yyyy-MM-dd} of room {day.RoomId} appears twice.", nameof(days));
            }

            if (runStart is not null && day.Date == runEnd.AddDays(1) && SameValues(runStart, day))
            {
                runEnd = day.Date;
                continue;
            }

            if (runStart is not null)
            {
                result.Add(ToRange(runStart, runEnd));
            }

            runStart = day;
            runEnd = day.Date;
        }

        if (runStart is not null)
        {
            result.Add(ToRange(runStart, runEnd));
        }

        return result;
    }

    /// <summary>True when two days carry the same values (dates and rooms are not compared).</summary>
    public static bool SameValues(Beds24CalendarDay a, Beds24CalendarDay b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.NumAvail == b.NumAvail && a.MinStay == b.MinStay && a.MaxStay == b.MaxStay && a.Multiplier == b.Multiplier
            && a.Override == b.Override && SamePrices(a.Prices, b.Prices) && SameFields(a.Cleared, b.Cleared);
    }

    private static Beds24CalendarDay Apply(Beds24CalendarDay day, Beds24CalendarRange range)
    {
        var cleared = new HashSet<string>(day.Cleared ?? [], StringComparer.Ordinal);
        var prices = day.Prices is null ? new Dictionary<int, decimal>() : new Dictionary<int, decimal>(day.Prices);
        var updated = day with
        {
            NumAvail = Set(range.NumAvail, day.NumAvail, NumAvail, cleared),
            MinStay = Set(range.MinStay, day.MinStay, MinStay, cleared),
            MaxStay = Set(range.MaxStay, day.MaxStay, MaxStay, cleared),
            Multiplier = Set(range.Multiplier, day.Multiplier, Multiplier, cleared),
            Override = range.Override ?? day.Override,
        };
        if (range.Override is not null)
        {
            cleared.Remove(Override);
        }

        foreach (var (slot, price) in range.Prices ?? new Dictionary<int, decimal>())
        {
            prices[slot] = price;
            cleared.Remove(PriceField(slot));
        }

        // Clearing comes last: a range that both sets and clears a field deletes it, as the JSON null would.
        foreach (var field in range.Cleared ?? [])
        {
            cleared.Add(field);
            updated = field switch
            {
                NumAvail => updated with { NumAvail = null },
                MinStay => updated with { MinStay = null },
                MaxStay => updated with { MaxStay = null },
                Multiplier => updated with { Multiplier = null },
                Override => updated with { Override = null },
                _ => updated,
            };
            if (PriceSlot(field) is { } slot)
            {
                prices.Remove(slot);
            }
        }

        return updated with
        {
            Prices = prices.Count == 0 ? null : prices,
            Cleared = cleared.Count == 0 ? null : [.. cleared.Order(StringComparer.Ordinal)],
        };
    }

    private static T? Set<T>(T? value, T? current, string field, HashSet<string> cleared)
        where T : struct
    {
        if (value is null)
        {
            return current;
        }

        cleared.Remove(field);
        return value;
    }

    private static int? PriceSlot(string field) =>
        field.StartsWith("price", StringComparison.Ordinal)
        && int.TryParse(field.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var slot)
        && slot is >= 1 and <= PriceSlots
            ? slot
            : null;

    private static Beds24CalendarRange ToRange(Beds24CalendarDay day, DateOnly to) => new()
    {
        From = day.Date,
        To = to,
        NumAvail = day.NumAvail,
        MinStay = day.MinStay,
        MaxStay = day.MaxStay,
        Multiplier = day.Multiplier,
        Override = day.Override,
        Prices = day.Prices is { Count: > 0 } ? day.Prices : null,
        Cleared = day.Cleared is { Count: > 0 } ? day.Cleared : null,
    };

    private static bool SamePrices(IReadOnlyDictionary<int, decimal>? a, IReadOnlyDictionary<int, decimal>? b)
    {
        var aCount = a?.Count ?? 0;
        var bCount = b?.Count ?? 0;
        if (aCount != bCount)
        {
            return false;
        }

        return aCount == 0 || a!.All(kv => b!.TryGetValue(kv.Key, out var other) && other == kv.Value);
    }

    private static bool SameFields(IReadOnlyList<string>? a, IReadOnlyList<string>? b)
    {
        var aCount = a?.Count ?? 0;
        var bCount = b?.Count ?? 0;
        return aCount == bCount && (aCount == 0 || a!.ToHashSet(StringComparer.Ordinal).SetEquals(b!));
    }
}
