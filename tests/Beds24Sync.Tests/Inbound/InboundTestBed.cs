using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Beds24.Api;
using Beds24.Api.Models;
using Beds24.Testing;
using Beds24Sync.Conflicts;
using Beds24Sync.Contracts;
using Beds24Sync.DeadLetters;
using Beds24Sync.Guests;
using Beds24Sync.Inbound;
using Beds24Sync.Mapping;
using Beds24Sync.Operations;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Beds24Sync.Tests.Inbound;

/// <summary>
/// An <see cref="InboundProcessor"/> over its seams: Beds24 as a dictionary of current bookings behind a mocked
/// client, an ETag-honouring link store, a recording queue, and mocked gate, guests, mappings and dead letters.
/// </summary>
internal sealed class InboundTestBed : IDisposable
{
    public const string Account = "acme";
    public const long Beds24Property = 50;
    public const long Room = 501;
    public const long UnmappedRoom = 999;
    public const string PmsProperty = "ACME";
    public const string PmsRoomType = "DBL";

    private int _hints;

    public InboundTestBed()
    {
        Gate.Setup(g => g.CheckAsync(It.IsAny<ConflictCandidate>(), It.IsAny<CancellationToken>())).ReturnsAsync(ConflictCheckResult.NoConflict);
        GuestLinks.Setup(g => g.FindByEmailAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        GuestLinks.Setup(g => g.FindByPhoneAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        Mappings.Setup(m => m.GetRoomByBeds24IdAsync(Account, Room, It.IsAny<CancellationToken>())).ReturnsAsync(new RoomMapping
        {
            AccountId = Account,
            PmsPropertyId = PmsProperty,
            PmsRoomTypeId = PmsRoomType,
            Beds24PropertyId = Beds24Property,
            Beds24RoomId = Room,
        });
        Mappings.Setup(m => m.GetPropertyByPmsIdAsync(Account, PmsProperty, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new PropertyMapping { AccountId = Account, PmsPropertyId = PmsProperty, Beds24PropertyId = Beds24Property, CountryCode = "GB" });
        Mappings.Setup(m => m.GetPropertyByBeds24IdAsync(Account, Beds24Property, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new PropertyMapping { AccountId = Account, PmsPropertyId = PmsProperty, Beds24PropertyId = Beds24Property, CountryCode = "GB" });
        Client.Setup(c => c.GetBookingsAsync(It.IsAny<BookingQuery>(), It.IsAny<CancellationToken>()))
            .Returns((BookingQuery q, CancellationToken ct) => Query(q, ct));
        Factory.Setup(f => f.GetClient(Account)).Returns(Client.Object);
        Telemetry = new SyncTelemetry(Time);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));

    /// <summary>Beds24's current bookings by id.</summary>
    public ConcurrentDictionary<long, Beds24Booking> Beds24 { get; } = new();

    public ConcurrentQueue<BookingQuery> Queries { get; } = new();

    /// <summary>Bookings a read without any date filter leaves out (as Beds24 may for past stays, or scopes do).</summary>
    public HashSet<long> HiddenFromPlainReads { get; } = [];

    /// <summary>Thrown by the next booking read (then cleared).</summary>
    public Exception? FailNextRead { get; set; }

    public InMemoryBookingLinkStore Links { get; } = new();

    public RecordingQueuePublisher Queues { get; } = new();

    public Mock<IConflictGate> Gate { get; } = new();

    public Mock<IGuestLinkStore> GuestLinks { get; } = new();

    public Mock<IMappingStore> Mappings { get; } = new();

    public Mock<IDeadLetterStore> DeadLetters { get; } = new();

    public Mock<IBeds24Client> Client { get; } = new();

    public Mock<IBeds24ClientFactory> Factory { get; } = new();

    public SyncTelemetry Telemetry { get; }

    public InboundOptions Options { get; } = new();

    public InboundProcessor Processor => new(Factory.Object, Links, Mappings.Object, new GuestMatcher(GuestLinks.Object), Gate.Object, Queues,
        DeadLetters.Object, Telemetry, Microsoft.Extensions.Options.Options.Create(Options), Time, NullLogger<InboundProcessor>.Instance);

    public static Beds24Booking Booking(long id, int adults = 2, string status = Beds24BookingStatuses.Confirmed, DateTimeOffset? modified = null, long room = Room) => new()
    {
        Id = id,
        PropertyId = Beds24Property,
        RoomId = room,
        Status = status,
        Arrival = new DateOnly(2026, 12, 20),
        Departure = new DateOnly(2026, 12, 23),
        NumAdult = adults,
        FirstName = "Ann",
        LastName = "Guest",
        Channel = "booking",
        Price = 300m,
        ModifiedTime = modified ?? new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero),
    };

    /// <summary>Put a booking version into Beds24 (what the next read returns).</summary>
    public Beds24Booking Put(Beds24Booking booking)
    {
        Beds24[booking.Id!.Value] = booking;
        return booking;
    }

    /// <summary>A webhook-like hint; each has its own message id, as each enqueue does.</summary>
    public InboundWorkItem Hint(params long[] ids) => new()
    {
        MessageId = $"hint-{Interlocked.Increment(ref _hints)}",
        AccountId = Account,
        Source = InboundSources.Webhook,
        BookingIds = ids,
        CreatedAt = Time.GetUtcNow(),
    };

    public void Dispose() => Telemetry.Dispose();

    private async IAsyncEnumerable<Beds24Booking> Query(BookingQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Queries.Enqueue(query);
        await Task.Yield();
        if (FailNextRead is { } failure)
        {
            FailNextRead = null;
            throw failure;
        }

        var statuses = query.Statuses ?? [Beds24BookingStatuses.Confirmed, Beds24BookingStatuses.Request, Beds24BookingStatuses.New, Beds24BookingStatuses.Black, Beds24BookingStatuses.Inquiry];
        foreach (var booking in Beds24.Values.OrderBy(b => b.Id))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if ((query.Ids is null || query.Ids.Contains(booking.Id!.Value))
                && (query.PropertyIds is null || query.PropertyIds.Contains(booking.PropertyId ?? 0))
                && (query.ModifiedFrom is null || booking.ModifiedTime >= query.ModifiedFrom)
                && (query.DepartureFrom is null || booking.Departure >= query.DepartureFrom)
                && statuses.Contains(booking.Status)
                && !(HiddenFromPlainReads.Contains(booking.Id!.Value) && query.ModifiedFrom is null && query.DepartureFrom is null && query.ArrivalFrom is null))
            {
                yield return booking;
            }
        }
    }
}
