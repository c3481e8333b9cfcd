using Beds24.Testing;
using Beds24Sync.Conflicts;
using Beds24Sync.Contracts;
using Beds24Sync.Pull;
using Beds24Sync.Push;
using Beds24Sync.Storage;

namespace Beds24Sync.IntegrationTests.Conflicts;

/// <summary>Both sides change the same booking between syncs: rules, operator decisions, double resolve.</summary>
[Collection(TestCollections.Azurite)]
public sealed class ConflictTests(AzuriteFixture azurite)
{
    /// <summary>A booking pushed from the PMS, then changed in Beds24 (dates) while the PMS changes it too (amount).</summary>
    internal static async Task<(long BookingId, PmsBookingMessage PmsChange)> BothSidesChangeAsync(SyncHarness h, string reservationId, string channel)
    {
        await h.SendAsync(StorageNames.Queues.PushBookings, SyncHarness.Booking(reservationId, 1, channel: channel));
        await h.DrainAsync(StorageNames.Queues.PushBookings);
        var booking = h.Simulator.State.GetBookings(h.Owner).Single(b => b.PmsReservationId() == reservationId);
        h.Simulator.State.ModifyBooking(booking.Id, b => b with { Departure = b.Departure.AddDays(2), Channel = channel == "direct" ? null : channel });
        var pmsChange = SyncHarness.Booking(reservationId, 2, amount: 900m, channel: channel);
        return (booking.Id, pmsChange);
    }

    [Fact]
    public async Task OtaBooking_BothSidesChanged_Beds24WinsAndThePmsGetsBeds24sState()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        var (bookingId, pmsChange) = await BothSidesChangeAsync(h, "RES-OTA", "booking");

        await h.SendAsync(StorageNames.Queues.PushBookings, pmsChange);
        await h.DrainAsync(StorageNames.Queues.PushBookings);
        await h.DrainAsync(StorageNames.Queues.Beds24Inbound);

        Assert.Equal(300m, h.Simulator.State.GetBooking(bookingId)!.Price); // the PMS change did not overwrite Beds24
        var published = Assert.Single(await h.TakePmsMessagesAsync());
        Assert.Equal(SyncHarness.Future.AddDays(4), published.Reservation.Departure);
        var conflict = Assert.Single(await h.Get<IConflictStore>().ListAsync(CancellationToken.None).ToListAsync());
        Assert.Equal(ConflictRules.OtaBeds24Wins, conflict.Rule);
        Assert.Equal(ConflictStatuses.Resolved, conflict.Status);
        Assert.Contains(conflict.Differences, d => d.Field == "amount");
    }

    [Fact]
    public async Task DirectBooking_BothSidesChanged_PmsWinsAndBeds24IsOverwritten()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        var (bookingId, pmsChange) = await BothSidesChangeAsync(h, "RES-DIRECT", "direct");

        await h.SendAsync(StorageNames.Queues.PushBookings, pmsChange);
        await h.DrainAsync(StorageNames.Queues.PushBookings);

        var booking = h.Simulator.State.GetBooking(bookingId)!;
        Assert.Equal(900m, booking.Price);
        Assert.Equal(SyncHarness.Future.AddDays(2), booking.Departure);
        Assert.Equal(ConflictRules.DirectPmsWins, Assert.Single(await h.Get<IConflictStore>().ListAsync(CancellationToken.None).ToListAsync()).Rule);
    }

    [Fact]
    public async Task ManualProperty_ConflictIsHeld_ThenResolvedOnceByTheOperator()
    {
        await using var h = await SyncHarness.StartAsync(azurite, conflictRules: ConflictRules.Manual);
        var (bookingId, pmsChange) = await BothSidesChangeAsync(h, "RES-MANUAL", "booking");

        await h.SendAsync(StorageNames.Queues.PushBookings, pmsChange);
        await h.DrainAsync(StorageNames.Queues.PushBookings);
        // The Beds24 change arriving now is held too: nothing reaches either side until someone decides.
        await h.Get<IncrementalPullService>().RunAsync(SyncHarness.AccountId, CancellationToken.None);
        Assert.Empty(await h.TakePmsMessagesAsync());
        Assert.Equal(300m, h.Simulator.State.GetBooking(bookingId)!.Price);
        var conflict = Assert.Single(await h.Get<IConflictStore>().ListAsync(CancellationToken.None).ToListAsync());
        Assert.Equal(ConflictStatuses.Open, conflict.Status);

        var resolution = h.Get<ConflictResolutionService>();
        var merge = new ConflictDecision(ConflictDecisionActions.Merge,
            conflict.Differences.ToDictionary(d => d.Field, d => d.Field == "amount" ? "pms" : "beds24"), "ops@harbour");
        var first = await resolution.ResolveAsync(conflict.ConflictId, merge, CancellationToken.None);
        var second = await resolution.ResolveAsync(conflict.ConflictId, new ConflictDecision(ConflictDecisionActions.AcceptBeds24, null, "someone-else"), CancellationToken.None);
        await h.DrainAsync(StorageNames.Queues.PushBookings);

        Assert.Equal(ResolveStatus.Resolved, first.Status);
        Assert.Equal(ResolveStatus.AlreadyResolved, second.Status);
        var booking = h.Simulator.State.GetBooking(bookingId)!;
        Assert.Equal(900m, booking.Price); // amount from the PMS
        Assert.Equal(SyncHarness.Future.AddDays(4), booking.Departure); // dates from Beds24
        var toPms = Assert.Single(await h.TakePmsMessagesAsync());
        Assert.Equal(900m, toPms.Reservation.TotalAmount);
        Assert.Equal(SyncHarness.Future.AddDays(4), toPms.Reservation.Departure);
        Assert.Single(await h.Get<IConflictStore>().ListAsync(CancellationToken.None).ToListAsync());
    }

    [Fact]
    public async Task Resolve_InvalidDecision_IsRefusedAndTheConflictStaysOpen()
    {
        await using var h = await SyncHarness.StartAsync(azurite, conflictRules: ConflictRules.Manual);
        var (_, pmsChange) = await BothSidesChangeAsync(h, "RES-BAD", "booking");
        await h.SendAsync(StorageNames.Queues.PushBookings, pmsChange);
        await h.DrainAsync(StorageNames.Queues.PushBookings);
        var conflict = Assert.Single(await h.Get<IConflictStore>().ListAsync(CancellationToken.None).ToListAsync());

        var result = await h.Get<ConflictResolutionService>().ResolveAsync(conflict.ConflictId,
            new ConflictDecision(ConflictDecisionActions.Merge, new Dictionary<string, string> { ["amount"] = "maybe" }, ""), CancellationToken.None);

        Assert.Equal(ResolveStatus.Invalid, result.Status);
        Assert.Contains(result.Errors, e => e.Contains("decidedBy", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Contains("\"pms\" or \"beds24\"", StringComparison.Ordinal));
        Assert.Equal(ConflictStatuses.Open, (await h.Get<IConflictStore>().GetAsync(conflict.ConflictId, CancellationToken.None))!.Status);
    }
}
