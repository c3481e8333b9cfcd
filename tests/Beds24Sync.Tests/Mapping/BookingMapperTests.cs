using Beds24.Api.Models;
using Beds24Sync.Contracts;
using Beds24Sync.Mapping;

namespace Beds24Sync.Tests.Mapping;

public sealed class BookingMapperTests
{
    private static readonly RoomMapping Room = new() { AccountId = "a", PmsPropertyId = "P", PmsRoomTypeId = "D", Beds24PropertyId = 5, Beds24RoomId = 50 };

    private static readonly PmsReservation Reservation = new()
    {
        ReservationId = "RES-1",
        PropertyId = "P",
        RoomTypeId = "D",
        Status = PmsReservationStatuses.Tentative,
        Arrival = new DateOnly(2030, 5, 1),
        Departure = new DateOnly(2030, 5, 4),
        Adults = 2,
        Children = 1,
        TotalAmount = 412.50m,
        Notes = "late arrival",
        Channel = "direct",
        Guest = new PmsGuest
        {
            GuestId = "G-1",
            Title = "Dr",
            FirstName = "Ann",
            LastName = "Guest",
            Email = "ann@example.com",
            Phone = "+442079460958",
            Company = "Acme",
            Address = "1 Quay",
            City = "Bristol",
            State = "Avon",
            Postcode = "BS1",
            Country = "GB",
            Language = "en",
        },
    };

    [Fact]
    public void ToBeds24_CarriesGuestDatesOccupancyAndAmount()
    {
        var b = BookingMapper.ToBeds24(Reservation, Room, existingBookingId: null);

        Assert.Equal(Beds24BookingStatuses.Request, b.Status);
        Assert.Equal((new DateOnly(2030, 5, 1), new DateOnly(2030, 5, 4)), (b.Arrival!.Value, b.Departure!.Value));
        Assert.Equal((2, 1), (b.NumAdult!.Value, b.NumChild!.Value));
        Assert.Equal(412.50m, b.Price);
        Assert.Equal(("Dr", "Ann", "Guest", "ann@example.com", "+442079460958"), (b.Title, b.FirstName, b.LastName, b.Email, b.Phone));
        Assert.Equal(("Acme", "1 Quay", "Bristol", "Avon", "BS1", "GB", "en"), (b.Company, b.Address, b.City, b.State, b.Postcode, b.Country2, b.Lang));
        Assert.Null(b.Country); // free text in Beds24; the ISO code goes in country2
        Assert.Equal("late arrival", b.Notes);
    }

    [Theory]
    [InlineData(PmsReservationStatuses.Cancelled)]
    [InlineData(PmsReservationStatuses.Inquiry)]
    public void ToBeds24_NewBookingThatHoldsNoRoom_DoesNotCheckAvailability(string status) =>
        Assert.Null(BookingMapper.ToBeds24(Reservation with { Status = status }, Room, existingBookingId: null).Actions);

    [Fact]
    public void ToBeds24_ReservationThatCameFromBeds24_SetsNoApiReference() =>
        Assert.Null(BookingMapper.ToBeds24(Reservation with { ReservationId = "beds24-77" }, Room, existingBookingId: 77).ApiReference);

    [Fact]
    public void ToPms_ThenToBeds24_KeepsTheBusinessContent()
    {
        var beds24 = BookingMapper.ToBeds24(Reservation, Room, existingBookingId: 77) with { Actions = null };

        var back = BookingMapper.ToPms(beds24, Room, "RES-1", pmsGuestId: "G-1", fallbackChannel: "direct");

        Assert.Equal(Reservation with { RatePlanId = null, Currency = null }, back);
        Assert.Equal(BookingContentHash.Of(beds24), BookingContentHash.Of(BookingMapper.ToBeds24(back, Room, 77) with { Actions = null }));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("direct")]
    public void ChannelOf_BookingMadeThroughTheApi_NamesNone(string? channel) =>
        Assert.Null(BookingMapper.ChannelOf(new Beds24Booking { Id = 1, Referer = "API", Channel = channel, ApiSource = "" }));

    [Theory]
    [InlineData(null, "Airbnb", "API", "airbnb")]
    [InlineData("booking", null, "API", "booking")]
    [InlineData(null, null, "Booking.com", "booking")]
    public void ChannelOf_ApiRefererBesideAnOtaName_IsTheOta(string? channel, string? apiSource, string referer, string expected) =>
        Assert.Equal(expected, BookingMapper.ChannelOf(new Beds24Booking { Id = 1, Channel = channel, ApiSource = apiSource, Referer = referer }));

    [Fact]
    public void ToPms_OurBookingReadBackAsMadeThroughTheApi_KeepsTheChannelThePmsGave()
    {
        var readBack = BookingMapper.ToBeds24(Reservation, Room, existingBookingId: 77) with { Actions = null, Referer = "API", Channel = "direct" };

        Assert.Equal("expedia", BookingMapper.ToPms(readBack, Room, "RES-1", null, fallbackChannel: "expedia").Channel);
    }

    [Fact]
    public void ToPms_AnotherClientsApiBooking_IsDirectAsBeds24CallsIt() =>
        Assert.Equal("direct", BookingMapper.ToPms(new Beds24Booking { Id = 1, Arrival = new(2030, 1, 1), Departure = new(2030, 1, 2), Referer = "API" }, Room, "beds24-1", null).Channel);

    [Fact]
    public void ToPms_MobileOnly_BecomesThePhone() =>
        Assert.Equal("+447700900123", BookingMapper.ToPms(new Beds24Booking { Id = 1, Arrival = new(2030, 1, 1), Departure = new(2030, 1, 2), Mobile = "+447700900123" }, Room, "R", null).Guest!.Phone);

    [Fact]
    public void ToPms_NoArrival_IsAMappingError() =>
        Assert.Throws<MappingException>(() => BookingMapper.ToPms(new Beds24Booking { Id = 1, Departure = new(2030, 1, 2) }, Room, "R", null));

    [Theory]
    [InlineData("new", PmsReservationStatuses.Confirmed)]
    [InlineData(null, PmsReservationStatuses.Confirmed)]
    public void StatusMap_Beds24OnlyStatuses_MapToConfirmed(string? beds24, string pms) => Assert.Equal(pms, BookingStatusMap.ToPms(beds24));

    [Fact]
    public void StatusMap_UnknownStatus_IsAMappingError()
    {
        Assert.Throws<MappingException>(() => BookingStatusMap.ToBeds24("waitlisted"));
        Assert.Throws<MappingException>(() => BookingStatusMap.ToPms("archived"));
    }

    [Fact]
    public void ContentHash_SameBusinessFields_SameHashWhateverTheBookkeeping()
    {
        var a = BookingMapper.ToBeds24(Reservation, Room, 77) with { Actions = null };

        Assert.Equal(BookingContentHash.Of(a), BookingContentHash.Of(a with { ModifiedTime = DateTimeOffset.UnixEpoch, BookingTime = DateTimeOffset.UnixEpoch, Id = 78 }));
        Assert.NotEqual(BookingContentHash.Of(a), BookingContentHash.Of(a with { Departure = a.Departure!.Value.AddDays(1) }));
        Assert.NotEqual(BookingContentHash.Of(a), BookingContentHash.Of(a with { Price = 412.51m }));
        Assert.NotEqual(BookingContentHash.Of(a), BookingContentHash.Of(a with { Status = Beds24BookingStatuses.Cancelled }));
    }
}
