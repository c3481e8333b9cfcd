using Beds24Sync.Calendar;
using Beds24Sync.Contracts;
using Beds24Sync.Mapping;

namespace Beds24Sync.Tests.Mapping;

public sealed class CalendarMapperTests
{
    private static readonly RoomMapping Room = new()
    {
        AccountId = "acc",
        PmsPropertyId = "P1",
        PmsRoomTypeId = "DBL",
        Beds24PropertyId = 10,
        Beds24RoomId = 20,
        PriceSlots = new Dictionary<string, int> { ["BAR"] = 1, ["NRF"] = 3 },
    };

    private static PmsCalendarMessage Message(string? ratePlan = "NRF", decimal? price = 99.5m, int? availability = 2, string? restriction = null) => new()
    {
        MessageId = "c1",
        AccountId = "acc",
        Version = 12,
        PropertyId = "P1",
        RoomTypeId = "DBL",
        RatePlanId = ratePlan,
        From = new DateOnly(2027, 1, 30),
        To = new DateOnly(2027, 2, 1),
        Availability = availability,
        Price = price,
        Restriction = restriction,
    };

    [Fact]
    public void ToCells_PriceAndAvailability_OneCellPerDayAndFieldInTheRatePlansSlot()
    {
        var cells = CalendarMapper.ToCells(Message(), Room);

        Assert.Equal(6, cells.Count);
        Assert.All(cells, c => Assert.Equal(20, c.RoomId));
        Assert.All(cells, c => Assert.Equal(12, c.Version));
        Assert.Equal([new DateOnly(2027, 1, 30), new DateOnly(2027, 1, 31), new DateOnly(2027, 2, 1)], cells.Select(c => c.Date).Distinct());
        Assert.Equal(3, cells.Count(c => c.Field == "price3" && c.Value == "99.5"));
        Assert.Equal(3, cells.Count(c => c.Field == CalendarFields.NumAvail && c.Value == "2"));
    }

    [Fact]
    public void ToCells_NullFields_AreLeftOut()
    {
        var cells = CalendarMapper.ToCells(Message(price: null, availability: null, restriction: "noCheckIn"), Room);

        Assert.All(cells, c => Assert.Equal(CalendarFields.Override, c.Field));
        Assert.Equal("noCheckIn", cells[0].Value);
    }

    [Theory]
    [InlineData("CORPORATE")]
    [InlineData(null)]
    public void ToCells_PriceForARatePlanWithoutSlot_IsAMappingError(string? ratePlan)
    {
        var error = Assert.Throws<MappingException>(() => CalendarMapper.ToCells(Message(ratePlan: ratePlan), Room));

        Assert.Contains(ratePlan ?? "(none)", error.Message, StringComparison.Ordinal);
        Assert.Contains("DBL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToCells_RatePlanWithoutSlotButNoPrice_IsFine() =>
        Assert.Equal(3, CalendarMapper.ToCells(Message(ratePlan: "CORPORATE", price: null), Room).Count);

    [Fact]
    public void ToCells_MappingOfAnotherRoomType_IsRefused() =>
        Assert.Throws<ArgumentException>(() => CalendarMapper.ToCells(Message(), Room with { PmsRoomTypeId = "STE" }));
}
