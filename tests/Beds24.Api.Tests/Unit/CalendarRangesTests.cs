using Beds24.Api.Models;

namespace Beds24.Api.Tests.Unit;

public sealed class CalendarRangesTests
{
    private static readonly DateOnly Day1 = new(2026, 12, 1);

    private static Beds24CalendarDay Day(DateOnly date, int? numAvail = 2, IReadOnlyDictionary<int, decimal>? prices = null, long roomId = 7) =>
        new() { RoomId = roomId, Date = date, NumAvail = numAvail, Prices = prices };

    [Fact]
    public void Expand_InclusiveRange_YieldsEveryDateIncludingTo()
    {
        var days = CalendarRanges.Expand(7, [new Beds24CalendarRange { From = Day1, To = Day1.AddDays(2), NumAvail = 3 }]);

        Assert.Equal([Day1, Day1.AddDays(1), Day1.AddDays(2)], days.Select(d => d.Date));
        Assert.All(days, d => Assert.Equal(3, d.NumAvail));
        Assert.All(days, d => Assert.Equal(7, d.RoomId));
    }

    [Fact]
    public void Expand_SingleDayRange_YieldsOneDay()
    {
        var day = Assert.Single(CalendarRanges.Expand(7, [new Beds24CalendarRange { From = Day1, To = Day1, MinStay = 2 }]));

        Assert.Equal(Day1, day.Date);
        Assert.Equal(2, day.MinStay);
    }

    [Fact]
    public void Expand_NoRanges_YieldsNoDays() => Assert.Empty(CalendarRanges.Expand(7, []));

    [Fact]
    public void Expand_RangeAcrossYearEndAndLeapDay_CountsCalendarDays()
    {
        var yearEnd = CalendarRanges.Expand(7, [new Beds24CalendarRange { From = new DateOnly(2026, 12, 30), To = new DateOnly(2027, 1, 2) }]);
        var leap = CalendarRanges.Expand(7, [new Beds24CalendarRange { From = new DateOnly(2028, 2, 28), To = new DateOnly(2028, 3, 1) }]);

        Assert.Equal(4, yearEnd.Count);
        Assert.Equal([new DateOnly(2028, 2, 28), new DateOnly(2028, 2, 29), new DateOnly(2028, 3, 1)], leap.Select(d => d.Date));
    }

    [Fact]
    public void Expand_OverlappingRanges_LaterRangeOverridesFieldByField()
    {
        var days = CalendarRanges.Expand(7,
        [
            new Beds24CalendarRange { From = Day1, To = Day1.AddDays(1), NumAvail = 3, MinStay = 2, Prices = new Dictionary<int, decimal> { [1] = 100m, [2] = 90m } },
            new Beds24CalendarRange { From = Day1.AddDays(1), To = Day1.AddDays(1), NumAvail = 1, Prices = new Dictionary<int, decimal> { [2] = 80m } },
        ]);

        Assert.Equal(3, days[0].NumAvail);
        Assert.Equal(1, days[1].NumAvail);
        Assert.Equal(2, days[1].MinStay);
        Assert.Equal(new Dictionary<int, decimal> { [1] = 100m, [2] = 80m }, days[1].Prices);
        Assert.Equal(new Dictionary<int, decimal> { [1] = 100m, [2] = 90m }, days[0].Prices);
    }

    [Fact]
    public void Expand_ClearedField_RemovesTheValueAndRemembersTheClear()
    {
        var days = CalendarRanges.Expand(7,
        [
            new Beds24CalendarRange { From = Day1, To = Day1.AddDays(2), MinStay = 3, Prices = new Dictionary<int, decimal> { [1] = 100m, [2] = 90m } },
            new Beds24CalendarRange { From = Day1.AddDays(1), To = Day1.AddDays(2), Cleared = ["minStay", "price2"] },
            new Beds24CalendarRange { From = Day1.AddDays(2), To = Day1.AddDays(2), MinStay = 4 },
        ]);

        Assert.Null(days[0].Cleared);
        Assert.Null(days[1].MinStay);
        Assert.Equal(new Dictionary<int, decimal> { [1] = 100m }, days[1].Prices);
        Assert.Equal(["minStay", "price2"], days[1].Cleared);
        Assert.Equal(4, days[2].MinStay); // set again after the clear
        Assert.Equal(["price2"], days[2].Cleared);
    }

    [Fact]
    public void Expand_RangeEndingBeforeItStarts_Throws() =>
        Assert.Throws<ArgumentException>(() => CalendarRanges.Expand(7, [new Beds24CalendarRange { From = Day1, To = Day1.AddDays(-1) }]));

    [Fact]
    public void Compress_NoDays_YieldsNoRanges() => Assert.Empty(CalendarRanges.Compress([]));

    [Fact]
    public void Compress_AdjacentEqualDaysInAnyOrder_MergeIntoOneRange()
    {
        var days = Enumerable.Range(0, 5).Reverse()
            .Select(i => Day(Day1.AddDays(i), prices: new Dictionary<int, decimal> { [1] = 100m })); // equal content, separate dictionaries

        var range = Assert.Single(CalendarRanges.Compress(days));

        Assert.Equal((Day1, Day1.AddDays(4)), (range.From, range.To));
        Assert.Equal(2, range.NumAvail);
        Assert.Equal(100m, range.Prices![1]);
    }

    [Fact]
    public void Compress_GapOrDifferentValue_StartsNewRange()
    {
        var ranges = CalendarRanges.Compress([Day(Day1), Day(Day1.AddDays(1)), Day(Day1.AddDays(3)), Day(Day1.AddDays(4), numAvail: 1)]);

        Assert.Equal([(Day1, Day1.AddDays(1)), (Day1.AddDays(3), Day1.AddDays(3)), (Day1.AddDays(4), Day1.AddDays(4))], ranges.Select(r => (r.From, r.To)));
        Assert.Equal([2, 2, 1], ranges.Select(r => r.NumAvail));
    }

    [Fact]
    public void Compress_DifferentPriceInOneSlot_SplitsTheRun()
    {
        var ranges = CalendarRanges.Compress(
        [
            Day(Day1, prices: new Dictionary<int, decimal> { [1] = 100m, [2] = 90m }),
            Day(Day1.AddDays(1), prices: new Dictionary<int, decimal> { [1] = 100m, [2] = 91m }),
            Day(Day1.AddDays(2), prices: new Dictionary<int, decimal> { [1] = 100m }),
        ]);

        Assert.Equal(3, ranges.Count);
    }

    [Fact]
    public void Compress_NullAndEmptyPrices_AreTheSame()
    {
        var ranges = CalendarRanges.Compress([Day(Day1, prices: null), Day(Day1.AddDays(1), prices: new Dictionary<int, decimal>())]);

        var range = Assert.Single(ranges);
        Assert.Null(range.Prices);
    }

    [Fact]
    public void Compress_AcrossYearEnd_MergesAdjacentDates()
    {
        var range = Assert.Single(CalendarRanges.Compress([Day(new DateOnly(2026, 12, 31)), Day(new DateOnly(2027, 1, 1))]));

        Assert.Equal(new DateOnly(2027, 1, 1), range.To);
    }

    [Fact]
    public void Compress_SameDateTwice_Throws() =>
        Assert.Throws<ArgumentException>(() => CalendarRanges.Compress([Day(Day1), Day(Day1.AddDays(1)), Day(Day1)]));

    [Fact]
    public void Compress_DaysOfSeveralRooms_Throws() =>
        Assert.Throws<ArgumentException>(() => CalendarRanges.Compress([Day(Day1, roomId: 7), Day(Day1.AddDays(1), roomId: 8)]));

    [Fact]
    public void Compress_DaysWithDifferentClears_DoNotMerge()
    {
        var ranges = CalendarRanges.Compress([Day(Day1) with { Cleared = ["minStay"] }, Day(Day1.AddDays(1))]);

        Assert.Equal(2, ranges.Count);
        Assert.Equal(["minStay"], ranges[0].Cleared);
        Assert.Null(ranges[1].Cleared);
    }

    [Fact]
    public void CompressThenExpand_RoundTripsTheDays()
    {
        var days = Enumerable.Range(0, 60).Select(i => new Beds24CalendarDay
        {
            RoomId = 7,
            Date = Day1.AddDays(i),
            NumAvail = i / 7,
            MinStay = i % 20 < 10 ? 2 : null,
            Override = i is 33 or 34 ? "noCheckIn" : null,
            Prices = new Dictionary<int, decimal> { [2] = 80m + (i / 10) },
            Cleared = i is 50 ? ["maxStay"] : null,
        }).ToList();

        var ranges = CalendarRanges.Compress(days);
        var roundTripped = CalendarRanges.Expand(7, ranges);

        Assert.True(ranges.Count < days.Count);
        Assert.Equal(days.Select(d => d.Date), roundTripped.Select(d => d.Date));
        Assert.All(days.Zip(roundTripped), pair => Assert.True(CalendarRanges.SameValues(pair.First, pair.Second), $"{pair.First.Date} differs"));
    }

    [Fact]
    public void ExpandThenCompress_OverlappingRanges_GivesTheFewestNonOverlappingRanges()
    {
        var ranges = CalendarRanges.Compress(CalendarRanges.Expand(7,
        [
            new Beds24CalendarRange { From = Day1, To = Day1.AddDays(9), NumAvail = 2 },
            new Beds24CalendarRange { From = Day1.AddDays(3), To = Day1.AddDays(4), NumAvail = 0 },
            new Beds24CalendarRange { From = Day1.AddDays(4), To = Day1.AddDays(4), NumAvail = 0 },
        ]));

        Assert.Equal([(Day1, Day1.AddDays(2), 2), (Day1.AddDays(3), Day1.AddDays(4), 0), (Day1.AddDays(5), Day1.AddDays(9), 2)],
            ranges.Select(r => (r.From, r.To, r.NumAvail!.Value)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(17)]
    public void PriceField_SlotOutsideOneToSixteen_Throws(int slot) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CalendarRanges.PriceField(slot));
}
