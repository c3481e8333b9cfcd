using Beds24.Api.Models;

namespace Beds24.Api.Tests.Unit;

public sealed class CalendarRangesTests
{
    private static readonly DateOnly Day1 = new(2026, 12, 1);

    [Fact]
    public void Expand_InclusiveRange_YieldsEveryDateIncludingTo()
    {
        var days = CalendarRanges.Expand(7, [new Beds24CalendarRange { From = Day1, To = Day1.AddDays(2), NumAvail = 3 }]);

        Assert.Equal([Day1, Day1.AddDays(1), Day1.AddDays(2)], days.Select(d => d.Date));
        Assert.All(days, d => Assert.Equal(3, d.NumAvail));
    }

    [Fact]
    public void Expand_OverlappingRanges_LaterRangeOverridesFieldByField()
    {
        var days = CalendarRanges.Expand(7,
        [
            new Beds24CalendarRange { From = Day1, To = Day1.AddDays(1), NumAvail = 3, MinStay = 2 },
            new Beds24CalendarRange { From = Day1.AddDays(1), To = Day1.AddDays(1), NumAvail = 1 },
        ]);

        Assert.Equal(3, days[0].NumAvail);
        Assert.Equal(1, days[1].NumAvail);
        Assert.Equal(2, days[1].MinStay);
    }

    [Fact]
    public void Expand_RangeEndingBeforeItStarts_Throws() =>
        Assert.Throws<ArgumentException>(() => CalendarRanges.Expand(7, [new Beds24CalendarRange { From = Day1, To = Day1.AddDays(-1) }]));

    [Fact]
    public void Compress_AdjacentEqualDays_MergeIntoOneRange()
    {
        var days = Enumerable.Range(0, 5).Select(i => new Beds24CalendarDay { RoomId = 7, Date = Day1.AddDays(i), NumAvail = 2, Prices = new Dictionary<int, decimal> { [1] = 100m } });

        var ranges = CalendarRanges.Compress(days);

        var range = Assert.Single(ranges);
        Assert.Equal(Day1, range.From);
        Assert.Equal(Day1.AddDays(4), range.To);
    }

    [Fact]
    public void Compress_GapOrDifferentValue_StartsNewRange()
    {
        var days = new[]
        {
            new Beds24CalendarDay { RoomId = 7, Date = Day1, NumAvail = 2 },
            new Beds24CalendarDay { RoomId = 7, Date = Day1.AddDays(1), NumAvail = 2 },
            new Beds24CalendarDay { RoomId = 7, Date = Day1.AddDays(3), NumAvail = 2 },
            new Beds24CalendarDay { RoomId = 7, Date = Day1.AddDays(4), NumAvail = 1 },
        };

        var ranges = CalendarRanges.Compress(days);

        Assert.Equal(3, ranges.Count);
        Assert.Equal((Day1, Day1.AddDays(1)), (ranges[0].From, ranges[0].To));
        Assert.Equal((Day1.AddDays(3), Day1.AddDays(3)), (ranges[1].From, ranges[1].To));
        Assert.Equal(1, ranges[2].NumAvail);
    }

    [Fact]
    public void CompressThenExpand_RoundTripsTheDays()
    {
        var days = Enumerable.Range(0, 30).Select(i => new Beds24CalendarDay
        {
            RoomId = 7,
            Date = Day1.AddDays(i),
            NumAvail = i / 7,
            Prices = new Dictionary<int, decimal> { [2] = 80m + (i / 10) },
        }).ToList();

        var roundTripped = CalendarRanges.Expand(7, CalendarRanges.Compress(days));

        Assert.Equal(days.Count, roundTripped.Count);
        Assert.All(days.Zip(roundTripped), pair => Assert.True(CalendarRanges.SameValues(pair.First, pair.Second)));
    }
}
