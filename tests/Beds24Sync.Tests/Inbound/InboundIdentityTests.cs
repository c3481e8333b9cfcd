using Beds24.Api.Models;
using Beds24Sync.BookingLinks;
using Beds24Sync.Contracts;
using Beds24Sync.Inbound;

namespace Beds24Sync.Tests.Inbound;

/// <summary>
/// Which PMS reservation a Beds24 booking is (our marker, never apiReference), and when a booking counts as gone
/// (positive evidence only): the inbound side of the Beds24-fidelity rules.
/// </summary>
public sealed class InboundIdentityTests : IDisposable
{
    private readonly InboundTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task ProcessAsync_RoomsOfOneOtaReservationSharingApiReference_BecomeOneReservationEach()
    {
        _bed.Put(InboundTestBed.Booking(11) with { Channel = null, ApiSource = "Airbnb", ApiReference = "HMABCD1234", MasterId = 11 });
        _bed.Put(InboundTestBed.Booking(12) with { Channel = null, ApiSource = "Airbnb", ApiReference = "HMABCD1234", MasterId = 11 });

        await _bed.Processor.ProcessAsync(_bed.Hint(11, 12), CancellationToken.None);

        var messages = _bed.Queues.PmsMessages.OrderBy(m => m.Beds24BookingId).ToList();
        Assert.Equal(["beds24-11", "beds24-12"], messages.Select(m => m.Reservation.ReservationId));
        Assert.All(messages, m =>
        {
            Assert.Equal("airbnb", m.Reservation.Channel); // from apiSource: never "direct"
            Assert.Equal(11, m.Beds24MasterId);
            Assert.Equal("HMABCD1234", m.ChannelReference);
        });
        Assert.Equal(2, messages.Select(m => m.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task ProcessAsync_ApiReferenceEqualToAPmsReservationId_DoesNotTouchThatReservation()
    {
        await _bed.Links.SaveAsync(new BookingLink { AccountId = InboundTestBed.Account, ReservationId = "RES-1", Beds24BookingId = 5 }, CancellationToken.None);
        _bed.Put(InboundTestBed.Booking(40) with { ApiReference = "RES-1" });

        await _bed.Processor.ProcessAsync(_bed.Hint(40), CancellationToken.None);

        Assert.Equal("beds24-40", Assert.Single(_bed.Queues.PmsMessages).Reservation.ReservationId);
        Assert.Equal(5, (await _bed.Links.GetByReservationAsync(InboundTestBed.Account, "RES-1", CancellationToken.None))!.Beds24BookingId);
    }

    [Fact]
    public async Task ProcessAsync_OurCreateWhoseAnswerWasLost_BindsTheLinkAndPublishesNothingWhileThePushIsPending()
    {
        await _bed.Links.SaveAsync(new BookingLink
        {
            AccountId = InboundTestBed.Account,
            ReservationId = "RES-7",
            PendingVersion = 1,
            PendingMessage = "{}",
            CreateInFlight = new PendingCreate(InboundTestBed.Room, new DateOnly(2026, 12, 20), new DateOnly(2026, 12, 23), 1, _bed.Time.GetUtcNow()),
        }, CancellationToken.None);
        _bed.Put(InboundTestBed.Booking(70) with { InfoItems = [BookingIdentity.MarkerFor("RES-7")] });

        var tally = await _bed.Processor.ProcessAsync(_bed.Hint(70), CancellationToken.None);

        var link = await _bed.Links.GetByReservationAsync(InboundTestBed.Account, "RES-7", CancellationToken.None);
        Assert.Equal(70, link!.Beds24BookingId);
        Assert.Null(link.CreateInFlight);
        Assert.Equal(1, tally.Count(InboundOutcome.Unchanged));
        Assert.Empty(_bed.Queues.PmsMessages);
    }

    [Fact]
    public async Task ProcessAsync_MarkedBookingWhoseReservationIsBoundElsewhere_StaysAReservationOfItsOwn()
    {
        await _bed.Links.SaveAsync(new BookingLink { AccountId = InboundTestBed.Account, ReservationId = "RES-8", Beds24BookingId = 80 }, CancellationToken.None);
        _bed.Put(InboundTestBed.Booking(81) with { InfoItems = [BookingIdentity.MarkerFor("RES-8")] });

        await _bed.Processor.ProcessAsync(_bed.Hint(81), CancellationToken.None);

        Assert.Equal("beds24-81", Assert.Single(_bed.Queues.PmsMessages).Reservation.ReservationId);
        Assert.Equal(80, (await _bed.Links.GetByReservationAsync(InboundTestBed.Account, "RES-8", CancellationToken.None))!.Beds24BookingId);
    }

    [Fact]
    public async Task ProcessAsync_LinkFromBeforeMarkers_KeepsItsReservationId()
    {
        // The first version named OTA bookings by their apiReference; such links keep working by booking id.
        await _bed.Links.SaveAsync(new BookingLink { AccountId = InboundTestBed.Account, ReservationId = "HMOLD", Beds24BookingId = 90, Channel = "airbnb" }, CancellationToken.None);
        _bed.Put(InboundTestBed.Booking(90) with { ApiReference = "HMOLD", ApiSource = "Airbnb", Channel = null });

        await _bed.Processor.ProcessAsync(_bed.Hint(90), CancellationToken.None);

        Assert.Equal("HMOLD", Assert.Single(_bed.Queues.PmsMessages).Reservation.ReservationId);
    }

    [Fact]
    public async Task ProcessAsync_LinkedBookingHiddenFromThePlainRead_IsNotReportedDeleted()
    {
        var booking = _bed.Put(InboundTestBed.Booking(60));
        await _bed.Processor.ProcessAsync(_bed.Hint(60), CancellationToken.None);
        _bed.Put(booking with { NumAdult = 3, ModifiedTime = booking.ModifiedTime!.Value.AddMinutes(1) });
        _bed.HiddenFromPlainReads.Add(60);

        var tally = await _bed.Processor.ProcessAsync(_bed.Hint(60), CancellationToken.None);

        Assert.Equal(0, tally.Count(InboundOutcome.DeletedPublished));
        Assert.DoesNotContain(_bed.Queues.PmsMessages, m => m.ChangeType == BookingChangeTypes.Deleted);
        Assert.Equal(3, _bed.Queues.PmsMessages.Last().Reservation.Adults); // the confirming read found the change
    }

    [Fact]
    public async Task ProcessAsync_LinkedBookingGoneFromBothReads_IsReportedDeletedOnce()
    {
        _bed.Put(InboundTestBed.Booking(61));
        await _bed.Processor.ProcessAsync(_bed.Hint(61), CancellationToken.None);
        _bed.Beds24.TryRemove(61, out _);

        await _bed.Processor.ProcessAsync(_bed.Hint(61), CancellationToken.None);
        await _bed.Processor.ProcessAsync(_bed.Hint(61), CancellationToken.None);

        Assert.Single(_bed.Queues.PmsMessages, m => m.ChangeType == BookingChangeTypes.Deleted);
        Assert.Contains(_bed.Queries, q => q.Ids is [61] && q.ModifiedFrom is not null);
    }

    [Fact]
    public async Task ProcessAsync_LiveShapedBooking_MapsBlankTextToNullMobileToPhoneAndCountry2()
    {
        _bed.Put(InboundTestBed.Booking(62) with
        {
            Channel = null,
            ApiSource = "Booking.com",
            FirstName = "",
            Phone = "",
            Mobile = "+7 912 345 67 89",
            Country = "ru",
            Country2 = "RU",
        });

        await _bed.Processor.ProcessAsync(_bed.Hint(62), CancellationToken.None);

        var reservation = Assert.Single(_bed.Queues.PmsMessages).Reservation;
        Assert.Null(reservation.Guest!.FirstName);
        Assert.Equal("+7 912 345 67 89", reservation.Guest.Phone);
        Assert.Equal("RU", reservation.Guest.Country);
        Assert.Equal("booking", reservation.Channel);
    }
}
