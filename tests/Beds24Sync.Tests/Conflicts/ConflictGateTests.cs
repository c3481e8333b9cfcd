using Beds24Sync.Conflicts;
using Beds24Sync.Contracts;
using Beds24Sync.Storage;
using static Beds24Sync.Tests.Conflicts.ConflictWorld;

namespace Beds24Sync.Tests.Conflicts;

public sealed class ConflictGateTests
{
    [Fact]
    public async Task Check_OtaBookingPmsChangeMeetsBeds24Change_Beds24WinsAndThePmsGetsItsState()
    {
        var world = new ConflictWorld();

        var result = await world.PmsChangeMeetsBeds24ChangeAsync("booking");

        Assert.Equal(ConflictOutcomes.IncomingLoses, result.Outcome);
        var conflict = world.Single();
        Assert.Equal((ConflictRules.OtaBeds24Wins, ConflictStatuses.Resolved, ConflictDecisionActions.AcceptBeds24, "rule:ota-beds24-wins"),
            (conflict.Rule, conflict.Status, conflict.Decision, conflict.DecidedBy));
        Assert.Equal(["departure", "amount"], conflict.Differences.Select(d => d.Field));
        Assert.Equal("booking", conflict.Channel);
        var work = Assert.Single(world.Queues.On<InboundWorkItem>(StorageNames.Queues.Beds24Inbound));
        Assert.Equal((InboundSources.Conflict, BookingId), (work.Source, Assert.Single(work.BookingIds)));
        Assert.DoesNotContain(world.Queues.Sent, s => s.Queue == StorageNames.Queues.PushBookings);
        Assert.Equal(2, conflict.History!.Count); // detected, then resolved by the rule
    }

    [Fact]
    public async Task Check_DirectBookingPmsChangeMeetsBeds24Change_PmsWinsAndThePushGoesOn()
    {
        var world = new ConflictWorld();

        var result = await world.PmsChangeMeetsBeds24ChangeAsync("direct");

        Assert.Equal(ConflictOutcomes.IncomingWins, result.Outcome);
        Assert.Equal((ConflictRules.DirectPmsWins, ConflictDecisionActions.AcceptPms), (world.Single().Rule, world.Single().Decision));
        Assert.Empty(world.Queues.Sent); // the push that asked carries the PMS state to Beds24 itself
    }

    [Fact]
    public async Task Check_OurBookingReadBackAsMadeThroughTheApi_TheChannelThePmsGaveDecides()
    {
        var world = new ConflictWorld();
        var pmsChange = Pms(amount: 450m, channel: "expedia");
        var link = await world.SyncedAsync("expedia", pmsChange);
        // Live Beds24 calls every booking written through the API channel "direct", referer "API".
        var beds24 = B24(nights: 4, channel: "direct", minutesAfterSync: 30) with { Referer = "API", ApiSource = "" };

        await world.Gate.CheckAsync(new ConflictCandidate(Account, ChangeOrigins.Pms, link, pmsChange, 2, beds24), CancellationToken.None);

        Assert.Equal((ConflictRules.OtaBeds24Wins, "expedia"), (world.Single().Rule, world.Single().Channel));
    }

    [Fact]
    public async Task Check_ChannelBookingNamedOnlyByApiSource_IsAnOtaWhateverThePmsCallsIt()
    {
        var world = new ConflictWorld();
        var pmsChange = Pms(amount: 450m, channel: "direct");
        var link = await world.SyncedAsync("direct", pmsChange);
        // The live sample had no channel field: channel bookings are known by apiSource/referer.
        var beds24 = B24(nights: 4, channel: null, minutesAfterSync: 30) with { ApiSource = "Airbnb", Referer = "Airbnb" };

        await world.Gate.CheckAsync(new ConflictCandidate(Account, ChangeOrigins.Pms, link, pmsChange, 2, beds24), CancellationToken.None);

        Assert.Equal((ConflictRules.OtaBeds24Wins, "airbnb"), (world.Single().Rule, world.Single().Channel));
    }

    [Fact]
    public async Task Check_DirectBookingBeds24ChangeMeetsPendingPmsChange_PmsWinsAndItsChangeIsQueuedForPush()
    {
        var world = new ConflictWorld();

        var result = await world.Beds24ChangeMeetsPmsChangeAsync("direct");

        Assert.Equal(ConflictOutcomes.IncomingLoses, result.Outcome);
        var push = Assert.Single(world.Queues.On<PmsBookingMessage>(StorageNames.Queues.PushBookings));
        Assert.Equal((2L, 450m), (push.Version, push.Reservation.TotalAmount));
        Assert.DoesNotContain(world.Queues.Sent, s => s.Queue == StorageNames.Queues.Beds24Inbound);
    }

    [Fact]
    public async Task Check_OtaBookingBeds24ChangeMeetsPendingPmsChange_Beds24ChangeGoesThrough()
    {
        var world = new ConflictWorld();

        var result = await world.Beds24ChangeMeetsPmsChangeAsync("expedia");

        Assert.Equal(ConflictOutcomes.IncomingWins, result.Outcome);
        Assert.Equal(ConflictRules.OtaBeds24Wins, world.Single().Rule);
        Assert.Empty(world.Queues.Sent);
    }

    [Theory]
    [InlineData("", null, ConflictRules.Manual)]
    [InlineData("beds24", null, ConflictRules.Manual)]
    [InlineData("booking", "manual", ConflictRules.Manual)]
    [InlineData("booking", "ota=manual", "ota-manual")]
    [InlineData("direct", "direct=manual", "direct-manual")]
    public async Task Check_NoAutomaticWinner_HoldsTheChangeForAnOperator(string channel, string? rules, string expectedRule)
    {
        var world = new ConflictWorld(rules);

        var result = await world.PmsChangeMeetsBeds24ChangeAsync(channel);

        Assert.Equal((ConflictOutcomes.Held, expectedRule), (result.Outcome, result.Rule));
        var conflict = world.Single();
        Assert.Equal((ConflictStatuses.Open, (string?)null), (conflict.Status, conflict.Decision));
        Assert.Empty(world.Queues.Sent);
    }

    [Fact]
    public async Task Check_OnlyThePmsChanged_ProceedsWithoutAConflict()
    {
        var world = new ConflictWorld();
        var pmsChange = Pms(amount: 450m);
        var link = await world.SyncedAsync(pending: pmsChange);

        var result = await world.Gate.CheckAsync(new ConflictCandidate(Account, ChangeOrigins.Pms, link, pmsChange, 2, B24()), CancellationToken.None);

        Assert.Equal(ConflictOutcomes.Proceed, result.Outcome);
        Assert.Empty(world.Conflicts.All);
    }

    [Fact]
    public async Task Check_NewBooking_ProceedsWithoutLookingFurther()
    {
        var world = new ConflictWorld();

        var result = await world.Gate.CheckAsync(new ConflictCandidate(Account, ChangeOrigins.Beds24, null, null, null, B24()), CancellationToken.None);

        Assert.Equal(ConflictOutcomes.Proceed, result.Outcome);
    }

    [Fact]
    public async Task Check_WhileAConflictWaits_HoldsAndTakesTheNewerStateIntoTheSnapshot()
    {
        var world = new ConflictWorld("manual");
        var first = await world.PmsChangeMeetsBeds24ChangeAsync();
        var link = (await world.Links.GetByReservationAsync(Account, Reservation, CancellationToken.None))!;
        var newer = Pms(amount: 500m, status: "cancelled");

        var result = await world.Gate.CheckAsync(new ConflictCandidate(Account, ChangeOrigins.Pms, link, newer, 3, B24(nights: 4, minutesAfterSync: 30)), CancellationToken.None);

        Assert.Equal((ConflictOutcomes.Held, first.ConflictId), (result.Outcome, result.ConflictId));
        var conflict = world.Single();
        Assert.Equal(3, conflict.PmsVersion);
        Assert.Equal("status", conflict.Type);
        Assert.Contains(conflict.Differences, d => d is { Field: "status", Pms: "cancelled", Beds24: "confirmed" });
        Assert.Contains("newer PMS change", conflict.History![^1].What, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_WhileAConflictWaitsSameStateAgain_WritesNothing()
    {
        var world = new ConflictWorld("manual");
        await world.PmsChangeMeetsBeds24ChangeAsync();
        var link = (await world.Links.GetByReservationAsync(Account, Reservation, CancellationToken.None))!;
        var saves = world.Conflicts.Saves;

        // The same push retried: same PMS state, same Beds24 state.
        var again = await world.Gate.CheckAsync(new ConflictCandidate(Account, ChangeOrigins.Pms, link, Pms(amount: 450m), 2, B24(nights: 4, minutesAfterSync: 30)), CancellationToken.None);

        Assert.Equal(ConflictOutcomes.Held, again.Outcome);
        Assert.Equal(saves, world.Conflicts.Saves);
    }

    [Fact]
    public async Task Check_WhileAConflictWaitsTheSidesAgreeAgain_ClosesItAndProceeds()
    {
        var world = new ConflictWorld("manual");
        await world.PmsChangeMeetsBeds24ChangeAsync();
        var link = (await world.Links.GetByReservationAsync(Account, Reservation, CancellationToken.None))!;
        var agreeing = Pms(amount: 300m, nights: 4);

        var result = await world.Gate.CheckAsync(new ConflictCandidate(Account, ChangeOrigins.Pms, link, agreeing, 3, B24(nights: 4, minutesAfterSync: 30)), CancellationToken.None);

        Assert.Equal(ConflictOutcomes.Proceed, result.Outcome);
        var conflict = world.Single();
        Assert.Equal((ConflictStatuses.Resolved, "system", (string?)null), (conflict.Status, conflict.DecidedBy, conflict.Decision));
    }

    [Fact]
    public async Task Check_CarryingOutAnOperatorDecision_DoesNotRaiseTheSameConflictAgain()
    {
        var world = new ConflictWorld("manual");
        var held = await world.PmsChangeMeetsBeds24ChangeAsync();
        await world.Resolution.ResolveAsync(held.ConflictId!, new ConflictDecision(ConflictDecisionActions.AcceptPms, null, "ops"), CancellationToken.None);
        var link = (await world.Links.GetByReservationAsync(Account, Reservation, CancellationToken.None))!;

        // The re-queued PMS change (version 2) reaches the gate again, Beds24 still differs.
        var result = await world.Gate.CheckAsync(new ConflictCandidate(Account, ChangeOrigins.Pms, link, Pms(amount: 450m), 2, B24(nights: 4, minutesAfterSync: 30)), CancellationToken.None);

        Assert.Equal(ConflictOutcomes.IncomingWins, result.Outcome);
        Assert.Single(world.Conflicts.All);
    }

    [Fact]
    public async Task Check_NewerChangeAfterADecision_IsANewConflict()
    {
        var world = new ConflictWorld("manual");
        var held = await world.PmsChangeMeetsBeds24ChangeAsync();
        await world.Resolution.ResolveAsync(held.ConflictId!, new ConflictDecision(ConflictDecisionActions.AcceptPms, null, "ops"), CancellationToken.None);
        var link = (await world.Links.GetByReservationAsync(Account, Reservation, CancellationToken.None))!;
        world.Time.Advance(TimeSpan.FromMinutes(1));

        var result = await world.Gate.CheckAsync(new ConflictCandidate(Account, ChangeOrigins.Pms, link, Pms(amount: 600m), 3, B24(nights: 4, minutesAfterSync: 30)), CancellationToken.None);

        Assert.Equal(ConflictOutcomes.Held, result.Outcome);
        Assert.NotEqual(held.ConflictId, result.ConflictId);
        Assert.Equal(2, world.Conflicts.All.Count);
    }

    [Fact]
    public async Task Check_OperatorDecidesWhileTheGateUpdatesTheSnapshot_GateLooksAgainAndHonoursTheDecision()
    {
        var world = new ConflictWorld("manual");
        var held = await world.PmsChangeMeetsBeds24ChangeAsync();
        var link = (await world.Links.GetByReservationAsync(Account, Reservation, CancellationToken.None))!;
        world.Conflicts.BeforeSave = async _ =>
            await world.Resolution.ResolveAsync(held.ConflictId!, new ConflictDecision(ConflictDecisionActions.AcceptBeds24, null, "ops"), CancellationToken.None);

        // A Beds24 change (extra night) arrives just as the operator decides for Beds24.
        var result = await world.Gate.CheckAsync(new ConflictCandidate(Account, ChangeOrigins.Beds24, link, Pms(amount: 450m), 2, B24(nights: 5, minutesAfterSync: 40)), CancellationToken.None);

        Assert.Equal(ConflictOutcomes.IncomingWins, result.Outcome);
        Assert.Equal(ConflictDecisionActions.AcceptBeds24, world.Single().Decision);
    }
}
