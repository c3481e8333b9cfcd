using System.Text.Json;
using Azure.Storage.Queues.Models;
using Beds24.Testing;
using Beds24Sync.Conflicts;
using Beds24Sync.Contracts;
using Beds24Sync.Pull;
using Beds24Sync.Storage;
using Xunit.Abstractions;

namespace Beds24Sync.IntegrationTests.Conflicts;

/// <summary>The SyncConflicts table on Azurite, and the operator's path through the API, queues and deadlines.</summary>
[Collection(TestCollections.Azurite)]
public sealed class ConflictStoreAndWorkflowTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-24T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static ConflictRecord Record(int minutesAgo, string reservation, string status = ConflictStatuses.Open, string property = "HARBOUR", string type = "dates") => new()
    {
        ConflictId = ConflictIds.New(SyncHarness.AccountId, reservation, Now.AddMinutes(-minutesAgo)),
        AccountId = SyncHarness.AccountId,
        ReservationId = reservation,
        Beds24BookingId = 7_000_000 + minutesAgo,
        PropertyId = property,
        Origin = ChangeOrigins.Pms,
        Type = type,
        Rule = status == ConflictStatuses.Resolved ? ConflictRules.OtaBeds24Wins : ConflictRules.Manual,
        Status = status,
        Decision = status == ConflictStatuses.Resolved ? ConflictDecisionActions.AcceptBeds24 : null,
        DecidedBy = status == ConflictStatuses.Resolved ? "rule:" + ConflictRules.OtaBeds24Wins : null,
        DetectedAt = Now.AddMinutes(-minutesAgo),
        Differences = [new FieldDifference("departure", "2030-05-03", "2030-05-05")],
    };

    [Fact]
    public async Task Query_FiltersAndContinuationTokens_PageNewestFirstOnTheServer()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        var store = h.Get<IConflictStore>();
        for (var i = 1; i <= 9; i++)
        {
            await store.SaveAsync(Record(i, $"RES-{i}", status: i % 3 == 0 ? ConflictStatuses.Resolved : ConflictStatuses.Open, property: i == 8 ? "OTHER" : "HARBOUR",
                type: i == 1 ? "amount" : "dates"), CancellationToken.None);
        }

        var filter = new ConflictFilter(PropertyId: "HARBOUR", Status: ConflictStatuses.Open);
        var pages = new List<IReadOnlyList<string>>();
        string? token = null;
        do
        {
            var page = await store.QueryAsync(filter, 2, token, CancellationToken.None);
            pages.Add([.. page.Items.Select(c => c.ReservationId)]);
            token = page.ContinuationToken;
        }
        while (token is not null);

        Assert.Equal(["RES-1", "RES-2", "RES-4", "RES-5", "RES-7"], pages.SelectMany(p => p));
        Assert.All(pages.SkipLast(1), p => Assert.Equal(2, p.Count));
        Assert.Equal(5, await store.CountAsync(filter, CancellationToken.None));
        Assert.Equal(["RES-1"], (await store.QueryAsync(new ConflictFilter(Type: "amount"), 10, null, CancellationToken.None)).Items.Select(c => c.ReservationId));
        Assert.Equal(["RES-4"], (await store.QueryAsync(new ConflictFilter(Search: "res-4"), 10, null, CancellationToken.None)).Items.Select(c => c.ReservationId));
        Assert.Equal(["RES-5"], (await store.QueryAsync(new ConflictFilter(Search: "7000005"), 10, null, CancellationToken.None)).Items.Select(c => c.ReservationId));
        await Assert.ThrowsAsync<ArgumentException>(() => store.QueryAsync(filter, 2, "%%%", CancellationToken.None));
    }

    [Fact]
    public async Task Save_StaleETagOrSameIdTwice_IsAConcurrencyConflict()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        var store = h.Get<IConflictStore>();
        var first = await store.SaveAsync(Record(1, "RES-1"), CancellationToken.None);
        var second = await store.SaveAsync(first with { Comment = "looked at it" }, CancellationToken.None);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.SaveAsync(first with { Status = ConflictStatuses.Resolved }, CancellationToken.None));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.SaveAsync(Record(1, "RES-1"), CancellationToken.None));
        var stored = await store.GetAsync(first.ConflictId, CancellationToken.None);
        Assert.Equal((ConflictStatuses.Open, "looked at it", second.ETag), (stored!.Status, stored.Comment, stored.ETag));
    }

    [Fact]
    public async Task Stats_CountStatusesTypesAndTheOldestWaiting()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        var store = h.Get<IConflictStore>();
        foreach (var record in new[] { Record(30, "RES-1"), Record(20, "RES-2", type: "amount"), Record(10, "RES-3", status: ConflictStatuses.Resolved) })
        {
            await store.SaveAsync(record, CancellationToken.None);
        }

        var stats = await store.GetStatsAsync(CancellationToken.None);

        Assert.Equal((3, 2, 1, 0), (stats.Total, stats.Waiting, stats.AutoResolved, stats.OperatorResolved));
        Assert.Equal((2, 1), (stats.ByStatus[ConflictStatuses.Open], stats.ByType["amount"]));
        Assert.Equal(Now.AddMinutes(-30), stats.OldestWaitingSince);
    }

    [Fact]
    public async Task OperatorPath_HeldConflictAcceptBeds24ThroughTheApi_PmsGetsBeds24OnceAndDeadlinesStop()
    {
        await using var h = await SyncHarness.StartAsync(azurite, conflictRules: ConflictRules.Manual);
        await h.SendAsync(StorageNames.Queues.PushBookings, SyncHarness.Booking("RES-OPS", 1, channel: "booking"));
        await h.DrainAsync(StorageNames.Queues.PushBookings);
        var booking = h.Simulator.State.GetBookings(h.Owner).Single(b => b.PmsReservationId() == "RES-OPS");
        h.Simulator.State.ModifyBooking(booking.Id, b => b with { Departure = b.Departure.AddDays(2), Channel = "booking" });
        await h.SendAsync(StorageNames.Queues.PushBookings, SyncHarness.Booking("RES-OPS", 2, amount: 900m, channel: "booking"));
        await h.DrainAsync(StorageNames.Queues.PushBookings);
        var api = h.Get<ConflictsApi>();
        var list = JsonDocument.Parse((await api.ListAsync(new ConflictQuery(Status: ConflictStatuses.Open), Beds24Sync.Operator.OperatorCaller.Trusted("ops.anna"), CancellationToken.None)).Body).RootElement;
        var id = list.GetProperty("items")[0].GetProperty("conflictId").GetString()!;
        var detail = JsonDocument.Parse((await api.GetAsync(id, Beds24Sync.Operator.OperatorCaller.Trusted("ops.anna"), CancellationToken.None)).Body).RootElement;
        Assert.Equal(["departure", "amount"], detail.GetProperty("fields").EnumerateArray().Where(f => f.GetProperty("differs").GetBoolean()).Select(f => f.GetProperty("field").GetString()));

        var first = await api.ResolveAsync(id, """{"action":"accept-beds24","comment":"OTA confirmed the dates"}""", Beds24Sync.Operator.OperatorCaller.Trusted("ops.anna"), CancellationToken.None);
        var second = await api.ResolveAsync(id, """{"action":"accept-pms"}""", Beds24Sync.Operator.OperatorCaller.Trusted("ops.ben"), CancellationToken.None);
        await h.DrainAsync(StorageNames.Queues.Beds24Inbound);
        await h.DrainAsync(StorageNames.Queues.PushBookings);

        Assert.Equal((200, 409), (first.Status, second.Status));
        var toPms = Assert.Single(await h.TakePmsMessagesAsync());
        Assert.Equal((SyncHarness.Future.AddDays(4), 300m), (toPms.Reservation.Departure, toPms.Reservation.TotalAmount));
        Assert.Equal(300m, h.Simulator.State.GetBooking(booking.Id)!.Price); // the PMS's 900 never reached Beds24
        var stored = (await h.Get<IConflictStore>().GetAsync(id, CancellationToken.None))!;
        Assert.Equal((ConflictStatuses.Resolved, "ops.anna", "OTA confirmed the dates"), (stored.Status, stored.DecidedBy, stored.Comment));
        Assert.Equal(ConflictStatuses.Resolved, await h.Get<ConflictTimeoutSweeper>().AdvanceAsync(id, escalate: true, CancellationToken.None)); // a late timer sends nothing
        Assert.Empty(await h.DeadLettersAsync());
    }

    [Fact]
    public async Task Deadlines_OnAzurite_RemindThenEscalateOnceAndRecordIt()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        var store = h.Get<IConflictStore>();
        var conflict = await store.SaveAsync(Record(0, "RES-WAIT"), CancellationToken.None);
        var deadlines = h.Get<ConflictTimeoutSweeper>();

        var reminded = await deadlines.AdvanceAsync(conflict.ConflictId, escalate: false, CancellationToken.None);
        var remindedAgain = await deadlines.AdvanceAsync(conflict.ConflictId, escalate: false, CancellationToken.None);
        var escalated = await deadlines.AdvanceAsync(conflict.ConflictId, escalate: true, CancellationToken.None);
        var checkedLater = await deadlines.StatusAsync(conflict.ConflictId, CancellationToken.None);

        Assert.Equal([ConflictStatuses.Open, ConflictStatuses.Open, ConflictStatuses.Escalated, ConflictStatuses.Escalated], new[] { reminded, remindedAgain, escalated, checkedLater });
        var stored = (await store.GetAsync(conflict.ConflictId, CancellationToken.None))!;
        Assert.Equal(ConflictStatuses.Escalated, stored.Status);
        Assert.NotNull(stored.RemindedAt);
        Assert.NotNull(stored.EscalatedAt);
        Assert.Equal(2, stored.History!.Count);
    }

    [Fact]
    public async Task MixedTraffic_OnlyBookingsChangedOnBothSidesConflict()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        const int Bookings = 24;
        for (var i = 0; i < Bookings; i++)
        {
            // Different dates each: the double room has five units and Beds24 checks availability.
            await h.SendAsync(StorageNames.Queues.PushBookings, SyncHarness.Booking($"RES-M{i}", 1, arrival: SyncHarness.Future.AddDays(3 * i), channel: "booking"));
        }

        await h.DrainAsync(StorageNames.Queues.PushBookings);
        await h.TakePmsMessagesAsync();
        // Every booking changes once on one side; every fourth on both sides between two syncs.
        var byReservation = h.Simulator.State.GetBookings(h.Owner).ToDictionary(b => b.PmsReservationId()!);
        int changes = 0, overlapping = 0;
        for (var i = 0; i < Bookings; i++)
        {
            var both = i % 4 == 0;
            if (both || i % 2 == 1)
            {
                h.Simulator.State.ModifyBooking(byReservation[$"RES-M{i}"].Id, b => b with { Departure = b.Departure.AddDays(1) });
                changes++;
            }

            if (both || i % 2 == 0)
            {
                await h.SendAsync(StorageNames.Queues.PushBookings, SyncHarness.Booking($"RES-M{i}", 2, arrival: SyncHarness.Future.AddDays(3 * i), amount: 500m, channel: "booking"));
                changes++;
            }

            overlapping += both ? 1 : 0;
        }

        await h.DrainAsync(StorageNames.Queues.PushBookings);
        await h.Get<IncrementalPullService>().RunAsync(SyncHarness.AccountId, CancellationToken.None);
        await h.DrainAsync(StorageNames.Queues.Beds24Inbound);

        var conflicts = await h.Get<IConflictStore>().ListAsync(CancellationToken.None).ToListAsync();
        output.WriteLine($"conflict rate: {conflicts.Count} conflicts / {changes} changes = {100.0 * conflicts.Count / changes:F1} % ({overlapping} bookings changed on both sides)");
        Assert.Equal(overlapping, conflicts.Count);
        Assert.All(conflicts, c => Assert.Equal((ConflictStatuses.Resolved, ConflictRules.OtaBeds24Wins), (c.Status, c.Rule)));
        Assert.Empty(await h.DeadLettersAsync());
        QueueProperties push = await h.Get<StorageClients>().Queue(StorageNames.Queues.PushBookings).GetPropertiesAsync();
        Assert.Equal(0, push.ApproximateMessagesCount);
    }
}
