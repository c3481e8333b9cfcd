using Beds24.Api.Models;
using Beds24.Testing;
using Beds24Sync.BookingLinks;
using Beds24Sync.Conflicts;
using Beds24Sync.Contracts;
using Beds24Sync.Mapping;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Beds24Sync.Tests.Conflicts;

/// <summary>
/// One reservation synced once (version 1, 300.00, 2030-05-01 → 05-03, room DBL = Beds24 room 70001), then changed
/// on either side, with the real gate and resolution service over in-memory stores.
/// </summary>
internal sealed class ConflictWorld
{
    public const string Account = "acc";
    public const string Reservation = "RES-1";
    public const long BookingId = 9_000_001;
    public static readonly DateOnly Day = new(2030, 5, 1);
    public static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-11-24T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    public ConflictWorld(string? conflictRules = null)
    {
        var mappings = new Mock<IMappingStore>();
        mappings.Setup(m => m.GetRoomByPmsIdAsync(Account, "HARBOUR", "DBL", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new RoomMapping { AccountId = Account, PmsPropertyId = "HARBOUR", PmsRoomTypeId = "DBL", Beds24RoomId = 70001, Beds24PropertyId = 7000 });
        mappings.Setup(m => m.GetRoomByBeds24IdAsync(Account, 70002, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new RoomMapping { AccountId = Account, PmsPropertyId = "HARBOUR", PmsRoomTypeId = "SGL", Beds24RoomId = 70002, Beds24PropertyId = 7000 });
        mappings.Setup(m => m.GetPropertyByPmsIdAsync(Account, "HARBOUR", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new PropertyMapping { AccountId = Account, PmsPropertyId = "HARBOUR", Beds24PropertyId = 7000, ConflictRules = conflictRules });
        Gate = new ConflictGate(Conflicts, mappings.Object, Queues, new Beds24Sync.Operations.SyncTelemetry(Time), Time, NullLogger<ConflictGate>.Instance);
        Resolution = new ConflictResolutionService(Conflicts, Links, mappings.Object, Queues, Time, NullLogger<ConflictResolutionService>.Instance);
    }

    public FakeTimeProvider Time { get; } = new(Start);
    public InMemoryConflictStore Conflicts { get; } = new();
    public InMemoryBookingLinkStore Links { get; } = new();
    public RecordingQueuePublisher Queues { get; } = new();
    public ConflictGate Gate { get; }
    public ConflictResolutionService Resolution { get; }

    public static PmsReservation Pms(decimal amount = 300m, string status = "confirmed", int nights = 2, string channel = "booking", string room = "DBL") => new()
    {
        ReservationId = Reservation,
        PropertyId = "HARBOUR",
        RoomTypeId = room,
        Status = status,
        Arrival = Day,
        Departure = Day.AddDays(nights),
        Adults = 2,
        TotalAmount = amount,
        Channel = channel,
    };

    public static Beds24Booking B24(decimal price = 300m, string status = "confirmed", int nights = 2, string? channel = "booking", long room = 70001, int minutesAfterSync = 0) => new()
    {
        Id = BookingId,
        RoomId = room,
        Status = status,
        Arrival = Day,
        Departure = Day.AddDays(nights),
        NumAdult = 2,
        NumChild = 0,
        Price = price,
        Channel = channel,
        ApiReference = Reservation,
        ModifiedTime = Start.AddMinutes(-60 + minutesAfterSync),
    };

    public static string Message(PmsReservation reservation, long version) => SyncJson.Serialize(new PmsBookingMessage
    {
        MessageId = $"m-{version}",
        Action = PmsBookingActions.Upsert,
        AccountId = Account,
        Version = version,
        Reservation = reservation,
    });

    /// <summary>The link as after the first sync; with a PMS change waiting to be pushed when <paramref name="pending"/> is given.</summary>
    public async Task<BookingLink> SyncedAsync(string channel = "booking", PmsReservation? pending = null, long pendingVersion = 2)
    {
        var synced = B24(channel: channel);
        return await Links.SaveAsync(new BookingLink
        {
            AccountId = Account,
            ReservationId = Reservation,
            Beds24BookingId = BookingId,
            PropertyId = "HARBOUR",
            Channel = channel,
            PmsVersion = 1,
            Beds24Hash = BookingContentHash.Of(synced),
            Beds24ModifiedTime = synced.ModifiedTime,
            PendingVersion = pending is null ? 1 : pendingVersion,
            PendingMessage = pending is null ? null : Message(pending, pendingVersion),
            LastPublishedReservation = SyncJson.Serialize(Pms(channel: channel)),
        }, CancellationToken.None);
    }

    /// <summary>The PMS changed the amount (version 2) while Beds24 moved the departure: the push asks the gate.</summary>
    public async Task<ConflictCheckResult> PmsChangeMeetsBeds24ChangeAsync(string channel = "booking")
    {
        var pmsChange = Pms(amount: 450m, channel: channel);
        var link = await SyncedAsync(channel, pmsChange);
        return await Gate.CheckAsync(new ConflictCandidate(Account, ChangeOrigins.Pms, link, pmsChange, 2, B24(nights: 4, channel: channel, minutesAfterSync: 30)), CancellationToken.None);
    }

    /// <summary>Beds24 moved the departure while the PMS's amount change (version 2) waits to be pushed: the inbound processor asks the gate.</summary>
    public async Task<ConflictCheckResult> Beds24ChangeMeetsPmsChangeAsync(string channel = "booking")
    {
        var pmsChange = Pms(amount: 450m, channel: channel);
        var link = await SyncedAsync(channel, pmsChange);
        return await Gate.CheckAsync(new ConflictCandidate(Account, ChangeOrigins.Beds24, link, pmsChange, link.PendingVersion, B24(nights: 4, channel: channel, minutesAfterSync: 30)), CancellationToken.None);
    }

    public ConflictRecord Single() => Assert.Single(Conflicts.All);
}
