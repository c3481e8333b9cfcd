namespace Beds24.Api.Models;

/// <summary>
/// Beds24 sends runs of equal days as one range with an inclusive <c>to</c>. Expand turns ranges into days (later
/// ranges override earlier ones field by field); Compress merges adjacent equal days back into the fewest ranges.
/// </summary>
public static class CalendarRanges
{
    public static IReadOnlyList<Beds24CalendarDay> Expand(long roomId, IEnumerable<Beds24CalendarRange> ranges)
    {
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
                days[date] = day with
                {
                    NumAvail = range.NumAvail ?? day.NumAvail,
                    MinStay = range.MinStay ?? day.MinStay,
                    MaxStay = range.MaxStay ?? day.MaxStay,
                    Multiplier = range.Multiplier ?? day.Multiplier,
                    Override = range.Override ?? day.Override,
                    Prices = MergePrices(day.Prices, range.Prices),
                };
            }
        }

        return [.. days.Values];
    }

    public static IReadOnlyList<Beds24CalendarRange> Compress(IEnumerable<Beds24CalendarDay> days)
    {
        var result = new List<Beds24CalendarRange>();
        Beds24CalendarDay? runStart = null;
        var runEnd = default(DateOnly);
        foreach (var day in days.OrderBy(d => d.Date))
        {
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

    public static bool SameValues(Beds24CalendarDay a, Beds24CalendarDay b) =>
        a.NumAvail == b.NumAvail && a.MinStay == b.MinStay && a.MaxStay == b.MaxStay && a.Multiplier == b.Multiplier
        && a.Override == b.Override && SamePrices(a.Prices, b.Prices);

    private static Beds24CalendarRange ToRange(Beds24CalendarDay day, DateOnly to) => new()
    {
        From = day.Date,
        To = to,
        NumAvail = day.NumAvail,
        MinStay = day.MinStay,
        MaxStay = day.MaxStay,
        Multiplier = day.Multiplier,
        Override = day.Override,
        Prices = day.Prices,
    };

    private static IReadOnlyDictionary<int, decimal>? MergePrices(IReadOnlyDictionary<int, decimal>? current, IReadOnlyDictionary<int, decimal>? update)
    {
        if (update is null || update.Count == 0)
        {
            return current;
        }

        var merged = current is null ? new Dictionary<int, decimal>() : new Dictionary<int, decimal>(current);
        foreach (var (slot, price) in update)
        {
            merged[slot] = price;
        }

        return merged;
    }

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
}
