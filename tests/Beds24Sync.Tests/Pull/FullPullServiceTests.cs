using Beds24Sync.BookingLinks;
using Beds24Sync.Conflicts;
using Beds24Sync.Contracts;
using Beds24Sync.Pull;
using Beds24Sync.Tests.Inbound;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace Beds24Sync.Tests.Pull;

public sealed class FullPullServiceTests : IDisposable
{
    private readonly InboundTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    private readonly Mock<Beds24Sync.Alerts.IAlertNotifier> _alerts = new();

    private FullPullService Service => new(_bed.Factory.Object, _bed.Processor, _bed.Links, _bed.Mappings.Object, _alerts.Object, Options.Create(new PullOptions { BatchSize = 3 }),
        _bed.Time, NullLogger<FullPullService>.Instance);

    private static PmsReservation Reservation(string id, DateOnly departure) => new()
    {
        ReservationId = id,
        PropertyId = InboundTestBed.PmsProperty,
        RoomTypeId = InboundTestBed.PmsRoomType,
        Status = PmsReservationStatuses.Confirmed,
        Arrival = departure.AddDays(-2),
        Departure = departure,
    };

    [Fact]
    public async Task ReconcilePropertyAsync_MixedState_ReportsAndRepairsEachKind()
    {
        var service = Service;
        for (var id = 1; id <= 5; id++)
        {
            _bed.Put(InboundTestBed.Booking(id));
        }

        await service.ReconcilePropertyAsync(InboundTestBed.Account, InboundTestBed.Beds24Property, CancellationToken.None);
        var firstRound = _bed.Queues.PmsMessages.Count;
        _bed.Put(InboundTestBed.Booking(6));                                                   // missing in the PMS
        _bed.Put(InboundTestBed.Booking(2, adults: 4, modified: _bed.Time.GetUtcNow()));       // differs
        _bed.Put(InboundTestBed.Booking(3, adults: 1, modified: _bed.Time.GetUtcNow()));       // differs, and the PMS changed too
        _bed.Gate.Setup(g => g.CheckAsync(It.Is<ConflictCandidate>(c => c.Beds24State!.Id == 3), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ConflictCheckResult(ConflictOutcomes.Held, "c-3"));
        _bed.Beds24.TryRemove(5, out _);                                                       // deleted in Beds24

        var report = await service.ReconcilePropertyAsync(InboundTestBed.Account, InboundTestBed.Beds24Property, CancellationToken.None);

        Assert.Equal(5, firstRound);
        Assert.Equal(5, report.BookingsInBeds24);
        Assert.Equal((1, 1, 2, 1), (report.MissingInPms, report.Differing, report.Agreed, report.Conflicts));
        Assert.Equal((1, 1), (report.VanishedChecked, report.DeletedReported));
        var repairs = _bed.Queues.PmsMessages.Skip(firstRound).ToDictionary(m => m.Beds24BookingId, m => m.ChangeType);
        Assert.Equal(new Dictionary<long, string> { [6] = BookingChangeTypes.Created, [2] = BookingChangeTypes.Modified, [5] = BookingChangeTypes.Deleted }, repairs);
    }

    [Fact]
    public async Task ReconcilePropertyAsync_RepeatedWithNoChange_SendsNothing()
    {
        for (var id = 1; id <= 7; id++)
        {
            _bed.Put(InboundTestBed.Booking(id));
        }

        await Service.ReconcilePropertyAsync(InboundTestBed.Account, InboundTestBed.Beds24Property, CancellationToken.None);
        var report = await Service.ReconcilePropertyAsync(InboundTestBed.Account, InboundTestBed.Beds24Property, CancellationToken.None);

        Assert.Equal((0, 7), (report.Republished, report.Agreed));
        Assert.Equal(7, _bed.Queues.PmsMessages.Count);
    }

    [Fact]
    public async Task ReconcilePropertyAsync_LinksOfPastStays_AreNotReReadEveryNight()
    {
        var today = DateOnly.FromDateTime(_bed.Time.GetUtcNow().UtcDateTime);
        await _bed.Links.SaveAsync(new BookingLink
        {
            AccountId = InboundTestBed.Account,
            ReservationId = "OLD",
            Beds24BookingId = 11,
            PropertyId = InboundTestBed.PmsProperty,
            Status = "confirmed",
            LastPublishedReservation = SyncJson.Serialize(Reservation("OLD", today.AddDays(-30))),
        }, CancellationToken.None);
        await _bed.Links.SaveAsync(new BookingLink
        {
            AccountId = InboundTestBed.Account,
            ReservationId = "SOON",
            Beds24BookingId = 12,
            PropertyId = InboundTestBed.PmsProperty,
            Status = "confirmed",
            LastPublishedReservation = SyncJson.Serialize(Reservation("SOON", today.AddDays(10))),
        }, CancellationToken.None);

        var report = await Service.ReconcilePropertyAsync(InboundTestBed.Account, InboundTestBed.Beds24Property, CancellationToken.None);

        Assert.Equal(1, report.VanishedChecked);
        // Read by id, then once more in a way no default hides, before it counts as gone; the past stay is not read.
        Assert.Equal([12L, 12L], _bed.Queries.Where(q => q.Ids is not null).SelectMany(q => q.Ids!));
        Assert.Equal(1, report.DeletedReported);
    }

    [Fact]
    public async Task ReconcilePropertyAsync_ManyLiveBookingsVanishAtOnce_AlertsAndReportsNoDeletion()
    {
        // 20 live links, of which Beds24 now lists only 10 (a token that lost the property's scope looks like this).
        var today = DateOnly.FromDateTime(_bed.Time.GetUtcNow().UtcDateTime);
        for (var id = 1; id <= 20; id++)
        {
            await _bed.Links.SaveAsync(new BookingLink
            {
                AccountId = InboundTestBed.Account,
                ReservationId = $"R-{id}",
                Beds24BookingId = id,
                PropertyId = InboundTestBed.PmsProperty,
                Status = "confirmed",
                LastPublishedReservation = SyncJson.Serialize(Reservation($"R-{id}", today.AddDays(10))),
            }, CancellationToken.None);
            if (id <= 10)
            {
                _bed.Put(InboundTestBed.Booking(id));
            }
        }

        var report = await Service.ReconcilePropertyAsync(InboundTestBed.Account, InboundTestBed.Beds24Property, CancellationToken.None);

        Assert.Equal((10, 0, 0), (report.VanishedHeld, report.VanishedChecked, report.DeletedReported));
        Assert.DoesNotContain(_bed.Queues.PmsMessages, m => m.ChangeType == BookingChangeTypes.Deleted);
        _alerts.Verify(a => a.NotifyAsync(It.Is<Beds24Sync.Alerts.AlertEvent>(e => e.Rule == "full-pull-vanished" && e.Message.Contains("10 of 20", StringComparison.Ordinal)), It.IsAny<CancellationToken>()), Times.Once);
    }
}

public sealed class FullPullPlannerTests
{
    [Fact]
    public async Task PlanAsync_EnabledAccounts_OneTargetPerDistinctProperty()
    {
        var accounts = new Mock<Beds24Sync.Accounts.IAccountStore>();
        accounts.Setup(a => a.ListAsync(It.IsAny<CancellationToken>())).Returns(new[]
        {
            new Beds24Sync.Accounts.Beds24Account { AccountId = "a", RefreshTokenSecretName = "x", PropertyIds = [20, 10, 20] },
            new Beds24Sync.Accounts.Beds24Account { AccountId = "off", RefreshTokenSecretName = "y", PropertyIds = [30], Enabled = false },
            new Beds24Sync.Accounts.Beds24Account { AccountId = "b", RefreshTokenSecretName = "z", PropertyIds = [40] },
        }.ToAsyncEnumerable());

        var targets = await new FullPullPlanner(accounts.Object).PlanAsync(null, CancellationToken.None);

        Assert.Equal([new FullPullTarget("a", 10), new FullPullTarget("a", 20), new FullPullTarget("b", 40)], targets);
    }
}
