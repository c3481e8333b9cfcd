using System.Text.Json;
using Azure;
using Beds24.Api;
using Beds24.Api.Models;
using Beds24Sync.BookingLinks;
using Beds24Sync.Conflicts;
using Beds24Sync.Contracts;
using Beds24Sync.Mapping;
using Beds24Sync.Operations;
using Beds24Sync.Push;
using Beds24Sync.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Beds24Sync.Tests.Push;

/// <summary>
/// A <see cref="BookingPushService"/> over mocked seams: the link store keeps one link in memory (ETag checked like
/// the table), the Beds24 client answers what each test sets up, and the conflict gate lets everything through.
/// </summary>
internal sealed class PushTestKit
{
    public const string AccountId = "acc";
    public const string ReservationId = "RES-1";
    public static readonly DateOnly Arrival = new(2027, 3, 10);

    public static readonly RoomMapping Room = new()
    {
        AccountId = AccountId,
        PmsPropertyId = "P1",
        PmsRoomTypeId = "DBL",
        Beds24PropertyId = 100,
        Beds24RoomId = 200,
        PriceSlots = new Dictionary<string, int> { ["BAR"] = 1 },
    };

    private int _etag;

    public PushTestKit()
    {
        Links.Setup(l => l.GetByReservationAsync(AccountId, ReservationId, It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => Stored);
        Links.Setup(l => l.SaveAsync(It.IsAny<BookingLink>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((BookingLink link, CancellationToken _) =>
            {
                if (link.ETag != (Stored?.ETag ?? default))
                {
                    throw new ConcurrencyConflictException("stale");
                }

                Saved.Add(link);
                Stored = link with { ETag = new ETag($"e{++_etag}") };
                return Stored;
            });
        Mappings.Setup(m => m.GetRoomByPmsIdAsync(AccountId, Room.PmsPropertyId, Room.PmsRoomTypeId, It.IsAny<CancellationToken>())).ReturnsAsync(Room);
        Factory.Setup(f => f.GetClient(AccountId)).Returns(Client.Object);
        Gate.Setup(g => g.CheckAsync(It.IsAny<ConflictCandidate>(), It.IsAny<CancellationToken>())).ReturnsAsync(ConflictCheckResult.NoConflict);
        Client.Setup(c => c.GetBookingsAsync(It.IsAny<BookingQuery>(), It.IsAny<CancellationToken>()))
            .Returns((BookingQuery q, CancellationToken _) =>
            {
                Queries.Add(q);
                return Found(q).ToAsyncEnumerable();
            });
        Client.Setup(c => c.GetCalendarAsync(It.IsAny<CalendarQuery>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((CalendarQuery q, CancellationToken _) =>
            {
                CalendarQueries.Add(q);
                return [.. q.RoomIds!.Select(room => new Beds24RoomCalendar(room, [new Beds24CalendarRange { From = q.StartDate, To = q.EndDate, NumAvail = Available(q.StartDate) }]))];
            });
    }

    /// <summary>Every GET /bookings query, in order.</summary>
    public List<BookingQuery> Queries { get; } = [];

    /// <summary>Every calendar read (the availability check of modifications).</summary>
    public List<CalendarQuery> CalendarQueries { get; } = [];

    /// <summary>numAvail Beds24 reports for a read starting on a date; by default rooms are free.</summary>
    public Func<DateOnly, int> Available { get; set; } = _ => 3;

    public Mock<IBookingLinkStore> Links { get; } = new(MockBehavior.Strict);
    public Mock<IMappingStore> Mappings { get; } = new();
    public Mock<IBeds24ClientFactory> Factory { get; } = new();
    public Mock<IBeds24Client> Client { get; } = new();
    public Mock<IConflictGate> Gate { get; } = new();
    public Mock<ISyncTelemetry> Telemetry { get; } = new();
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));

    /// <summary>The link as the store holds it now (with its current ETag).</summary>
    public BookingLink? Stored { get; set; }

    /// <summary>Every link written, in order.</summary>
    public List<BookingLink> Saved { get; } = [];

    /// <summary>What GET /bookings answers; by default nothing (the booking does not exist in Beds24).</summary>
    public Func<BookingQuery, IReadOnlyList<Beds24Booking>> Found { get; set; } = _ => [];

    /// <summary>Every item POSTed to /bookings.</summary>
    public List<Beds24Booking> Written { get; } = [];

    /// <summary>Each write and availability check alone (no window), as one-call-per-change hosts send them.</summary>
    public BookingPushService CreateService()
    {
        var alone = Options.Create(new PushOptions { WriteCoalescingWindow = TimeSpan.Zero });
        return new(Links.Object, Mappings.Object, Factory.Object, Gate.Object, Telemetry.Object, Time, NullLogger<BookingPushService>.Instance,
            new BookingWriteCoalescer(Factory.Object, alone, Time), new AvailabilityCheckCoalescer(Factory.Object, alone, Time), new CreatedBookingFinder(Factory.Object, alone, Time));
    }

    /// <summary>Beds24 accepts every POSTed item; a create gets <paramref name="newId"/>.</summary>
    public void AcceptWrites(long newId = 501) =>
        Client.Setup(c => c.WriteBookingsAsync(It.IsAny<IReadOnlyList<Beds24Booking>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((IReadOnlyList<Beds24Booking> items, CancellationToken _) =>
            {
                Written.AddRange(items);
                return [.. items.Select(i => new Beds24WriteResult
                {
                    Success = true,
                    BookingId = i.Id ?? newId,
                    New = i.Id is null ? JsonSerializer.SerializeToElement(new { id = newId }) : null,
                })];
            });

    /// <summary>A link waiting to push <paramref name="message"/>, as the intake leaves it.</summary>
    public void Pending(PmsBookingMessage message, long appliedVersion = 0, long? beds24Id = null) =>
        Stored = new BookingLink
        {
            AccountId = AccountId,
            ReservationId = ReservationId,
            Beds24BookingId = beds24Id,
            PmsVersion = appliedVersion,
            PendingVersion = message.Version,
            PendingMessage = SyncJson.Serialize(message),
            ETag = new ETag("e0"),
        };

    public static PmsBookingMessage Message(long version, string status = PmsReservationStatuses.Confirmed, string action = PmsBookingActions.Upsert,
        int nights = 2, decimal amount = 300m, bool hardDelete = false, string roomType = "DBL") => new()
        {
            MessageId = $"m-{version}",
            Action = action,
            AccountId = AccountId,
            Version = version,
            HardDelete = hardDelete,
            Reservation = new PmsReservation
            {
                ReservationId = ReservationId,
                PropertyId = "P1",
                RoomTypeId = roomType,
                RatePlanId = "BAR",
                Status = status,
                Arrival = Arrival,
                Departure = Arrival.AddDays(nights),
                Adults = 2,
                Guest = new PmsGuest { FirstName = "Ann", LastName = "Guest" },
                TotalAmount = amount,
                Channel = "direct",
            },
        };

    /// <summary>What Beds24 holds after <paramref name="message"/> was applied to booking <paramref name="id"/>.</summary>
    public static Beds24Booking InBeds24(PmsBookingMessage message, long id) =>
        BookingMapper.ToBeds24(message.Reservation, Room, id) with { Actions = null, ModifiedTime = new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero) };
}
