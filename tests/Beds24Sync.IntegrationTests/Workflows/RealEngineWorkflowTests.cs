using Beds24.Testing;
using Beds24Sync.Contracts;
using Beds24Sync.Push;
using Beds24Sync.Storage;
using Beds24Sync.Workflows;
using Beds24Sync.Workflows.Hosting;
using Beds24Sync.Workflows.Pull;
using Beds24Sync.Workflows.Push;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Xunit.Abstractions;

namespace Beds24Sync.IntegrationTests.Workflows;

/// <summary>
/// The shared workflows on a real Durable engine (DurableTaskTestHost: in memory, with replay, timers and
/// ContinueAsNew), their activities on Azurite and the Beds24 simulator. The retry schedule is shortened through the
/// inputs; everything else is what Azure runs.
/// </summary>
[Collection(TestCollections.Azurite)]
public sealed class RealEngineWorkflowTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly RetrySchedule Quick = new(3, TimeSpan.FromMilliseconds(200), 1.5);

    private static async Task<DurableTaskTestHost> EngineAsync(SyncHarness h) =>
        await SyncHarness.StartEngineAsync(h.Services);

    private static async Task<OrchestrationMetadata> RunToEndAsync(DurableTaskClient client, string instanceId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var done = await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed,
            $"{instanceId} ended {done.RuntimeStatus}: {done.FailureDetails?.ErrorType}: {done.FailureDetails?.ErrorMessage} {done.FailureDetails?.StackTrace}");
        return done;
    }

    private static async Task<PushRequest> AcceptAsync(SyncHarness h, PmsBookingMessage message) =>
        (await h.Get<BookingPushIntake>().AcceptAsync(SyncHarness.Json(message), CancellationToken.None)) is { } accepted
            ? new PushRequest(accepted.Message.AccountId, accepted.Message.Reservation.ReservationId, accepted.Message.Version, Quick)
            : throw new InvalidOperationException("not accepted");

    [Fact]
    public async Task PushOrchestration_Beds24DownThroughEveryRetry_DeadLettersWithTheReasonThenReplayPushesOnce()
    {
        await using var h = await SyncHarness.StartAsync(azurite, settings: new() { ["Beds24:Retry:MaxRetries"] = "0" });
        await using var engine = await EngineAsync(h);
        var request = await AcceptAsync(h, SyncHarness.Booking("WF-1", 1));
        h.Simulator.Faults.StartOutage("bookings");

        await OrchestrationStarter.EnsureRunningAsync(engine.Client, WorkflowNames.BookingPushOrchestrator, request.InstanceId, request, CancellationToken.None);
        var done = await RunToEndAsync(engine.Client, request.InstanceId);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var dead = Assert.Single(await h.DeadLettersAsync());
        Assert.Equal((DeadLetterCategories.Exhausted, StorageNames.Queues.PushBookings, 3), (dead.Message.Category, dead.Message.Source, dead.Message.Attempts));
        Assert.Contains("503", dead.Message.Reason, StringComparison.Ordinal);
        Assert.Empty(h.Simulator.State.GetBookings(h.Owner));

        h.Simulator.Faults.EndOutage();
        await h.Get<Beds24Sync.DeadLetters.IDeadLetterStore>().ReplayAsync(dead.Message.MessageId, CancellationToken.None);
        await h.DrainAsync(StorageNames.Queues.PushBookings);
        Assert.Equal("WF-1", Assert.Single(h.Simulator.State.GetBookings(h.Owner)).PmsReservationId());
    }

    [Fact]
    public async Task PushOrchestration_NewerVersionDuringARetryWait_EndsWithTheNewestInBeds24()
    {
        await using var h = await SyncHarness.StartAsync(azurite, settings: new() { ["Beds24:Retry:MaxRetries"] = "0" });
        await using var engine = await EngineAsync(h);
        var request = await AcceptAsync(h, SyncHarness.Booking("WF-2", 1, nights: 1));
        h.Simulator.Faults.FailNext(1, 503, "bookings");
        h.Simulator.Faults.DelayNext(1, TimeSpan.FromMilliseconds(300), "bookings");

        await OrchestrationStarter.EnsureRunningAsync(engine.Client, WorkflowNames.BookingPushOrchestrator, request.InstanceId, request, CancellationToken.None);
        await AcceptAsync(h, SyncHarness.Booking("WF-2", 2, nights: 3)); // arrives while the first attempt fails and waits
        await RunToEndAsync(engine.Client, request.InstanceId);
        // The version that arrived after the last ContinueAsNew decision is pushed by the next start (as a queue message would).
        await OrchestrationStarter.EnsureRunningAsync(engine.Client, WorkflowNames.BookingPushOrchestrator, request.InstanceId, request, CancellationToken.None);
        await RunToEndAsync(engine.Client, request.InstanceId);

        var booking = Assert.Single(h.Simulator.State.GetBookings(h.Owner));
        Assert.Equal(SyncHarness.Future.AddDays(3), booking.Departure);
        var link = await h.Get<Beds24Sync.BookingLinks.IBookingLinkStore>().GetByReservationAsync(SyncHarness.AccountId, "WF-2", CancellationToken.None);
        Assert.Equal((2L, (string?)null), (link!.PmsVersion, link.PendingMessage));
        Assert.Empty(await h.DeadLettersAsync());
    }

    [Fact]
    public async Task TwoConcurrentStarts_ForOneReservation_RunOneInstanceAndMakeOneBooking()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        await using var engine = await EngineAsync(h);
        var request = await AcceptAsync(h, SyncHarness.Booking("WF-3", 1));
        h.Simulator.Faults.DelayNext(1, TimeSpan.FromMilliseconds(500), "bookings");

        var starts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            OrchestrationStarter.EnsureRunningAsync(engine.Client, WorkflowNames.BookingPushOrchestrator, request.InstanceId, request, CancellationToken.None)));
        await RunToEndAsync(engine.Client, request.InstanceId);

        Assert.Contains(true, starts);
        Assert.Single(h.Simulator.State.GetBookings(h.Owner));
        Assert.Equal(1, h.Simulator.State.RequestCount("POST", "bookings"));
        output.WriteLine($"4 concurrent starts: {starts.Count(s => s)} scheduled, {starts.Count(s => !s)} found it running");
    }

    [Fact]
    public async Task FullPullOrchestration_OneFailingProperty_ReconcilesTheOthersAndReportsTheFailure()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        await using var engine = await EngineAsync(h);
        // A second property of the account that Beds24 refuses (not the token's): its reconciliation fails every retry.
        var accounts = h.Get<Beds24Sync.Accounts.IAccountStore>();
        var account = (await accounts.GetAsync(SyncHarness.AccountId, CancellationToken.None))!;
        await accounts.SaveAsync(account with { PropertyIds = [.. account.PropertyIds, 424242] }, CancellationToken.None);
        await h.Get<Beds24Sync.Mapping.IMappingStore>().SavePropertyAsync(new Beds24Sync.Mapping.PropertyMapping { AccountId = SyncHarness.AccountId, PmsPropertyId = "GHOST", Beds24PropertyId = 424242 }, CancellationToken.None);
        h.Simulator.State.AddBooking(new Beds24.Simulator.SimBooking { RoomId = h.DoubleRoomId, Arrival = SyncHarness.Future, Departure = SyncHarness.Future.AddDays(2) });
        h.Simulator.Faults.FailNext(100, 503, "bookings", queryContains: "propertyId=424242");

        await engine.Client.ScheduleNewOrchestrationInstanceAsync(WorkflowNames.FullPullOrchestrator, new FullPullInput(Quick), new Microsoft.DurableTask.StartOrchestrationOptions { InstanceId = "full-pull-test" });
        var done = await RunToEndAsync(engine.Client, "full-pull-test");
        var summary = done.ReadOutputAs<FullPullSummary>()!;

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(h.Beds24PropertyId, Assert.Single(summary.Reports).Beds24PropertyId);
        Assert.Equal(1, summary.Reports[0].MissingInPms);
        Assert.Equal(424242, Assert.Single(summary.Failures).Beds24PropertyId);
    }

    private static void Json<T>(T value, out string json) => json = SyncHarness.Json(value);

    private static async Task<string> HeldConflictAsync(SyncHarness h, string reservationId)
    {
        var (_, pmsChange) = await Conflicts.ConflictTests.BothSidesChangeAsync(h, reservationId, "booking");
        await h.SendAsync(StorageNames.Queues.PushBookings, pmsChange);
        await h.DrainAsync(StorageNames.Queues.PushBookings);
        return Assert.Single(await h.Get<Beds24Sync.Conflicts.IConflictStore>().ListAsync(CancellationToken.None).ToListAsync()).ConflictId;
    }

    [Fact]
    public async Task ConflictOrchestration_DecisionBeforeTheReminder_AppliesItOnceAndEnds()
    {
        await using var h = await SyncHarness.StartAsync(azurite, conflictRules: Beds24Sync.Conflicts.ConflictRules.Manual);
        await using var engine = await EngineAsync(h);
        var conflictId = await HeldConflictAsync(h, "WF-C1");
        var input = new Beds24Sync.Workflows.Conflicts.ConflictWaitInput(conflictId, TimeSpan.FromMinutes(30), TimeSpan.FromHours(2));

        await OrchestrationStarter.EnsureRunningAsync(engine.Client, WorkflowNames.ConflictOrchestrator, input.InstanceId, input, CancellationToken.None);
        await engine.Client.RaiseEventAsync(input.InstanceId, Beds24Sync.Workflows.Conflicts.ConflictOrchestrator.DecisionEvent,
            new Beds24Sync.Conflicts.ConflictDecision(Beds24Sync.Conflicts.ConflictDecisionActions.AcceptBeds24, null, "ops@harbour"));
        await RunToEndAsync(engine.Client, input.InstanceId); // well before the 30-minute timer: it was cancelled

        var conflict = (await h.Get<Beds24Sync.Conflicts.IConflictStore>().GetAsync(conflictId, CancellationToken.None))!;
        Assert.Equal((Beds24Sync.Conflicts.ConflictStatuses.Resolved, "ops@harbour"), (conflict.Status, conflict.DecidedBy));
    }

    [Fact]
    public async Task ConflictOrchestration_NoDecision_RemindsThenEscalatesThenTakesTheDecision()
    {
        await using var h = await SyncHarness.StartAsync(azurite, conflictRules: Beds24Sync.Conflicts.ConflictRules.Manual);
        await using var engine = await EngineAsync(h);
        var conflictId = await HeldConflictAsync(h, "WF-C2");
        var input = new Beds24Sync.Workflows.Conflicts.ConflictWaitInput(conflictId, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        var store = h.Get<Beds24Sync.Conflicts.IConflictStore>();

        await OrchestrationStarter.EnsureRunningAsync(engine.Client, WorkflowNames.ConflictOrchestrator, input.InstanceId, input, CancellationToken.None);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((await store.GetAsync(conflictId, CancellationToken.None))!.Status != Beds24Sync.Conflicts.ConflictStatuses.Escalated && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(100);
        }

        var escalated = (await store.GetAsync(conflictId, CancellationToken.None))!;
        await engine.Client.RaiseEventAsync(input.InstanceId, Beds24Sync.Workflows.Conflicts.ConflictOrchestrator.DecisionEvent,
            new Beds24Sync.Conflicts.ConflictDecision(Beds24Sync.Conflicts.ConflictDecisionActions.AcceptPms, null, "lead@harbour"));
        await RunToEndAsync(engine.Client, input.InstanceId);

        Assert.Equal(Beds24Sync.Conflicts.ConflictStatuses.Escalated, escalated.Status);
        Assert.Equal(Beds24Sync.Conflicts.ConflictStatuses.Resolved, (await store.GetAsync(conflictId, CancellationToken.None))!.Status);
        output.WriteLine($"escalated after {clock.Elapsed.TotalSeconds:0.0} s on the real engine's timers");
    }

    [Fact]
    public async Task CalendarFlushOrchestration_FailingRound_AlertsOnceKeepsTheCellsAndSendsThemNextRound()
    {
        await using var h = await SyncHarness.StartAsync(azurite, settings: new() { ["Beds24:Retry:MaxRetries"] = "0" });
        await using var engine = await EngineAsync(h);
        Json(new PmsCalendarMessage
        {
            MessageId = "wf-cal",
            AccountId = SyncHarness.AccountId,
            Version = 1,
            PropertyId = SyncHarness.PmsProperty,
            RoomTypeId = SyncHarness.PmsSuite,
            From = SyncHarness.Future,
            To = SyncHarness.Future.AddDays(2),
            MinStay = 3,
        }, out var message);
        await h.Get<Beds24Sync.Calendar.CalendarPushIntake>().AcceptAsync(message, CancellationToken.None); // pending, not yet flushed
        h.Simulator.Faults.FailNext(3, 503, "inventory/rooms/calendar"); // every attempt of the first round
        var input = new Beds24Sync.Workflows.Calendar.CalendarFlushInput(SyncHarness.AccountId, Retry: Quick, RoundDelay: TimeSpan.FromSeconds(1));

        await OrchestrationStarter.EnsureRunningAsync(engine.Client, WorkflowNames.CalendarFlushOrchestrator, input.InstanceId, input, CancellationToken.None);
        await RunToEndAsync(engine.Client, input.InstanceId);

        Assert.Equal(3, h.Simulator.State.GetCalendarDay(h.SuiteRoomId, SyncHarness.Future.AddDays(2))!.MinStay);
        Assert.Single(h.Get<Beds24Sync.Alerts.LoggingAlertNotifier>().Recent, a => a.Rule == "calendar-flush");
        Assert.Empty(await h.DeadLettersAsync());
        Assert.Equal(4, h.Simulator.State.RequestCount("POST", "inventory/rooms/calendar")); // 3 refused, then the one that went through
    }

    [Fact]
    public async Task StartHandlers_PmsMessages_ReachBeds24ThroughTheWorkflows()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        await using var engine = await EngineAsync(h);
        var bookings = new BookingPushStartHandler(h.Get<BookingPushIntake>(), engine.Client, new WorkflowOptions());
        var calendar = new Beds24Sync.Workflows.Hosting.CalendarFlushStartHandler(h.Get<Beds24Sync.Calendar.CalendarPushIntake>(), engine.Client, new WorkflowOptions());

        // A duplicate and an out-of-order older version, as queues deliver them.
        foreach (var version in new long[] { 2, 1, 2 })
        {
            await bookings.HandleAsync(SyncHarness.Json(SyncHarness.Booking("WF-S1", version, nights: (int)version + 1)), 1, CancellationToken.None);
        }

        await calendar.HandleAsync(SyncHarness.Json(new PmsCalendarMessage
        {
            MessageId = "wf-s-cal",
            AccountId = SyncHarness.AccountId,
            Version = 1,
            PropertyId = SyncHarness.PmsProperty,
            RoomTypeId = SyncHarness.PmsSuite,
            From = SyncHarness.Future,
            To = SyncHarness.Future,
            MinStay = 2,
        }), 1, CancellationToken.None);
        await RunToEndAsync(engine.Client, new PushRequest(SyncHarness.AccountId, "WF-S1", 2).InstanceId);
        await RunToEndAsync(engine.Client, new Beds24Sync.Workflows.Calendar.CalendarFlushInput(SyncHarness.AccountId).InstanceId);

        var booking = Assert.Single(h.Simulator.State.GetBookings(h.Owner));
        Assert.Equal(SyncHarness.Future.AddDays(3), booking.Departure);
        Assert.Equal(2, h.Simulator.State.GetCalendarDay(h.SuiteRoomId, SyncHarness.Future)!.MinStay);
    }
}
