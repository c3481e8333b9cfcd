using System.Diagnostics;
using Beds24.Testing;
using Beds24Sync.BookingLinks;
using Beds24Sync.Contracts;
using Beds24Sync.Storage;
using Xunit.Abstractions;

namespace Beds24Sync.IntegrationTests.Push;

/// <summary>PMS → Beds24 bookings: queue → worker → intake → push → simulator, on Azurite.</summary>
[Collection(TestCollections.Azurite)]
public sealed class BookingPushTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task Push_CreateModifyCancel_ReachBeds24AsOneBooking()
    {
        await using var h = await SyncHarness.StartAsync(azurite);

        await h.SendAsync(StorageNames.Queues.PushBookings, SyncHarness.Booking("RES-1", 1));
        await h.DrainAsync(StorageNames.Queues.PushBookings);
        var created = Assert.Single(h.Simulator.State.GetBookings(h.Owner));
        Assert.Equal("RES-1", created.PmsReservationId());
        Assert.Equal("confirmed", created.Status);
        Assert.Equal(h.DoubleRoomId, created.RoomId);

        await h.SendAsync(StorageNames.Queues.PushBookings, SyncHarness.Booking("RES-1", 2, nights: 4, amount: 600m));
        await h.DrainAsync(StorageNames.Queues.PushBookings);
        var modified = Assert.Single(h.Simulator.State.GetBookings(h.Owner));
        Assert.Equal(created.Id, modified.Id);
        Assert.Equal(SyncHarness.Future.AddDays(4), modified.Departure);
        Assert.Equal(600m, modified.Price);

        await h.SendAsync(StorageNames.Queues.PushBookings, SyncHarness.Booking("RES-1", 3, PmsBookingActions.Cancel, PmsReservationStatuses.Cancelled, nights: 4));
        await h.DrainAsync(StorageNames.Queues.PushBookings);
        var cancelled = Assert.Single(h.Simulator.State.GetBookings(h.Owner));
        Assert.Equal("cancelled", cancelled.Status);

        var link = await h.Get<IBookingLinkStore>().GetByReservationAsync(SyncHarness.AccountId, "RES-1", CancellationToken.None);
        Assert.Equal(created.Id, link!.Beds24BookingId);
        Assert.Equal(3, link.PmsVersion);
        Assert.Null(link.PendingMessage);
        Assert.Empty(await h.DeadLettersAsync());
    }

    [Fact]
    public async Task Push_DuplicateAndOutOfOrderVersions_ConvergeOnTheNewest()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        var v1 = SyncHarness.Booking("RES-2", 1, nights: 1);
        var v2 = SyncHarness.Booking("RES-2", 2, nights: 2);
        var v3 = SyncHarness.Booking("RES-2", 3, nights: 3);

        // Newest first, then older ones and duplicates: the result must be v3, one booking.
        foreach (var message in new[] { v3, v1, v2, v3, v1 })
        {
            await h.SendAsync(StorageNames.Queues.PushBookings, message);
        }

        await h.DrainAsync(StorageNames.Queues.PushBookings);

        var booking = Assert.Single(h.Simulator.State.GetBookings(h.Owner));
        Assert.Equal(SyncHarness.Future.AddDays(3), booking.Departure);
        Assert.Empty(await h.DeadLettersAsync());
    }

    [Fact]
    public async Task Push_Beds24FailingBriefly_IsRetriedWithoutDuplicates()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        // The create reaches Beds24 but the answer is lost (dropped connection): the retry must find it, not repeat it.
        h.Simulator.Faults.FailNext(2, 503, "bookings");
        h.Simulator.Faults.FailNext(1, 429, "bookings");
        h.Simulator.Faults.DelayNext(1, TimeSpan.FromMilliseconds(300), "bookings");

        await h.SendAsync(StorageNames.Queues.PushBookings, SyncHarness.Booking("RES-3", 1));
        await h.DrainAsync(StorageNames.Queues.PushBookings);

        Assert.Single(h.Simulator.State.GetBookings(h.Owner));
        Assert.Empty(await h.DeadLettersAsync());
    }

    [Fact]
    public async Task Push_ShuffledDuplicatedVersionsThrough5xx429AndTimeouts_ConvergeWithNothingLostOrDuplicated()
    {
        await using var h = await SyncHarness.StartAsync(azurite, settings: new()
        {
            ["Beds24:AttemptTimeout"] = "00:00:01",
            ["Beds24:Retry:MaxRetries"] = "1",
            ["Beds24:CircuitBreaker:MinimumThroughput"] = "1000",
        });
        var random = new Random(7);
        var messages = Enumerable.Range(0, 20)
            .SelectMany(r => Enumerable.Range(1, 3).Select(v => SyncHarness.Booking($"MIX-{r}", v, arrival: SyncHarness.Future.AddDays(r * 3), nights: v)))
            .ToList();
        messages.AddRange(messages.Where((_, i) => i % 4 == 0).ToList()); // duplicate deliveries
        h.Simulator.Faults.FailNext(4, 503, "bookings");
        h.Simulator.Faults.FailNext(3, 429, "bookings");
        h.Simulator.Faults.DelayNext(2, TimeSpan.FromSeconds(3), "bookings");
        h.Simulator.Faults.FailNext(2, 502, "bookings");

        foreach (var message in messages.OrderBy(_ => random.Next()))
        {
            await h.SendAsync(StorageNames.Queues.PushBookings, message);
        }

        await h.DrainAsync(StorageNames.Queues.PushBookings, TimeSpan.FromSeconds(120));

        // Dead letters and links first: when a version is missing in Beds24, they say why.
        Assert.Empty((await h.DeadLettersAsync()).Select(d => $"{d.Message.Subject}: {d.Message.Reason}"));
        var links = await h.Get<IBookingLinkStore>().ListAsync(SyncHarness.AccountId, null, CancellationToken.None).ToListAsync();
        Assert.All(links, l => Assert.Equal((3L, 3L), (l.PmsVersion, l.PendingVersion)));
        Assert.All(links, l => Assert.Null(l.PendingMessage));
        var bookings = h.Simulator.State.GetBookings(h.Owner);
        Assert.Equal(20, bookings.Count);
        Assert.Equal(20, bookings.Select(b => b.PmsReservationId()).Distinct().Count());
        Assert.All(bookings, b => Assert.Equal(b.Arrival.AddDays(3), b.Departure)); // version 3 everywhere
        output.WriteLine($"{messages.Count} messages (60 versions + duplicates) through 11 injected faults: " +
            $"{h.Simulator.State.RequestCount("GET", "bookings") + h.Simulator.State.RequestCount("POST", "bookings")} Beds24 booking calls");
    }

    [Theory]
    [InlineData(Beds24.Simulator.LostAnswer.BadGateway, false)]
    [InlineData(Beds24.Simulator.LostAnswer.Reset, false)]
    [InlineData(Beds24.Simulator.LostAnswer.Timeout, false)]
    [InlineData(Beds24.Simulator.LostAnswer.BadGateway, true)]
    public async Task Push_CreateAppliedWhoseAnswerIsLost_IsFoundByMarkerNotDuplicated(Beds24.Simulator.LostAnswer how, bool serverKeepsApiReference)
    {
        await using var h = await SyncHarness.StartAsync(azurite, settings: new() { ["Beds24:AttemptTimeout"] = "00:00:02" },
            simulatorOptions: new Beds24.Simulator.SimulatorOptions { CreditLimit = 1_000_000m, KeepApiReferenceOnPost = serverKeepsApiReference });
        h.Simulator.Faults.LoseAnswerNext(1, how, "bookings");

        await h.SendAsync(StorageNames.Queues.PushBookings, SyncHarness.Booking("RES-4", 1));
        await h.DrainAsync(StorageNames.Queues.PushBookings, TimeSpan.FromSeconds(60));

        Assert.Equal(1, h.Simulator.Faults.AnswersLost);
        var booking = Assert.Single(h.Simulator.State.GetBookings(h.Owner));
        Assert.Equal("RES-4", booking.PmsReservationId());
        var link = await h.Get<IBookingLinkStore>().GetByReservationAsync(SyncHarness.AccountId, "RES-4", CancellationToken.None);
        Assert.Equal((booking.Id, (PendingCreate?)null, 1L), (link!.Beds24BookingId!.Value, link.CreateInFlight, link.PmsVersion));
        Assert.Empty(await h.DeadLettersAsync());
    }

    [Fact]
    public async Task Push_CreateWhoseAnswerHasNoId_IsFoundByMarker()
    {
        await using var h = await SyncHarness.StartAsync(azurite, simulatorOptions: new Beds24.Simulator.SimulatorOptions { CreditLimit = 1_000_000m, WriteResultsAsFieldLists = true });

        await h.SendAsync(StorageNames.Queues.PushBookings, SyncHarness.Booking("RES-5", 1));
        await h.DrainAsync(StorageNames.Queues.PushBookings);

        var booking = Assert.Single(h.Simulator.State.GetBookings(h.Owner));
        var link = await h.Get<IBookingLinkStore>().GetByReservationAsync(SyncHarness.AccountId, "RES-5", CancellationToken.None);
        Assert.Equal(booking.Id, link!.Beds24BookingId);
    }

    [Fact]
    public async Task Push_ModificationIntoFullDates_IsRefusedAndBeds24KeepsTheOldStay()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        await h.SendAsync(StorageNames.Queues.PushBookings, SyncHarness.Booking("RES-6", 1, nights: 2));
        await h.DrainAsync(StorageNames.Queues.PushBookings);
        // Beds24 sells every room of the nights the PMS now wants to add.
        var extra = SyncHarness.Future.AddDays(2);
        for (var i = 0; i < 10 && h.Simulator.State.GetAvailability(h.DoubleRoomId, extra) > 0; i++)
        {
            h.Simulator.State.SeedBookings([new Beds24.Simulator.SimBooking { RoomId = h.DoubleRoomId, Arrival = extra, Departure = extra.AddDays(1) }]);
        }

        await h.SendAsync(StorageNames.Queues.PushBookings, SyncHarness.Booking("RES-6", 2, nights: 4));
        await h.DrainAsync(StorageNames.Queues.PushBookings);

        var booking = h.Simulator.State.GetBookings(h.Owner).Single(b => b.PmsReservationId() == "RES-6");
        Assert.Equal(SyncHarness.Future.AddDays(2), booking.Departure);
        Assert.True(h.Simulator.State.GetAvailability(h.DoubleRoomId, extra) >= 0);
        var dead = Assert.Single(await h.DeadLettersAsync());
        Assert.Equal(DeadLetterCategories.NoAvailability, dead.Message.Category);
    }

    [Fact]
    public async Task Push_Beds24DownThroughEveryRetry_DeadLettersWithReasonAndReplayWorks()
    {
        await using var h = await SyncHarness.StartAsync(azurite, settings: new() { ["Beds24:Retry:MaxRetries"] = "0" });
        h.Simulator.Faults.StartOutage();

        await h.SendAsync(StorageNames.Queues.PushBookings, SyncHarness.Booking("RES-5", 1));
        await h.DrainAsync(StorageNames.Queues.PushBookings);

        var dead = Assert.Single(await h.DeadLettersAsync());
        Assert.Equal(DeadLetterCategories.Exhausted, dead.Message.Category);
        Assert.Equal(4, dead.Message.Attempts);
        Assert.Contains("Gave up after 4 attempts", dead.Message.Reason, StringComparison.Ordinal);
        Assert.Empty(h.Simulator.State.GetBookings(h.Owner));

        h.Simulator.Faults.Clear();
        await h.Get<Beds24Sync.DeadLetters.IDeadLetterStore>().ReplayAsync(dead.Message.MessageId, CancellationToken.None);
        await h.DrainAsync(StorageNames.Queues.PushBookings);

        Assert.Single(h.Simulator.State.GetBookings(h.Owner));
        Assert.NotNull((await h.DeadLettersAsync()).Single().ReplayedAt);
    }

    [Theory]
    [InlineData("""{"messageId":"m1","schemaVersion":1,"action":"upsert","accountId":"harbour","version":1}""", "reservation")]
    [InlineData("""not json at all""", "not valid JSON")]
    [InlineData("""{"messageId":"m2","schemaVersion":1,"action":"explode","accountId":"harbour","version":1,"reservation":{"reservationId":"R","propertyId":"HARBOUR","roomTypeId":"DBL","status":"confirmed","arrival":"2030-01-01","departure":"2030-01-02"}}""", "action")]
    public async Task Push_InvalidMessage_IsDeadLetteredAtOnceWithTheValidationErrors(string body, string expectedInReason)
    {
        await using var h = await SyncHarness.StartAsync(azurite);

        await h.SendRawAsync(StorageNames.Queues.PushBookings, body);
        await h.DrainAsync(StorageNames.Queues.PushBookings);

        var dead = Assert.Single(await h.DeadLettersAsync());
        Assert.Equal(DeadLetterCategories.Validation, dead.Message.Category);
        Assert.Equal(1, dead.Message.Attempts);
        Assert.Contains(expectedInReason, dead.Message.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(body, dead.Message.OriginalMessage);
        Assert.Equal(0, h.Simulator.State.RequestCount("POST", "bookings"));
    }

    [Fact]
    public async Task Push_UnknownRoomType_IsDeadLetteredAsMappingError()
    {
        await using var h = await SyncHarness.StartAsync(azurite);

        await h.SendAsync(StorageNames.Queues.PushBookings, SyncHarness.Booking("RES-6", 1, roomType: "PENTHOUSE"));
        await h.DrainAsync(StorageNames.Queues.PushBookings);

        var dead = Assert.Single(await h.DeadLettersAsync());
        Assert.Equal(DeadLetterCategories.Mapping, dead.Message.Category);
        Assert.Contains("PENTHOUSE", dead.Message.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_NoAvailabilityInBeds24_IsRefusedNotOverbookedAndDeadLettered()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        await h.SendAsync(StorageNames.Queues.PushBookings, SyncHarness.Booking("RES-7", 1, roomType: SyncHarness.PmsSuite));
        await h.SendAsync(StorageNames.Queues.PushBookings, SyncHarness.Booking("RES-8", 1, roomType: SyncHarness.PmsSuite));
        await h.DrainAsync(StorageNames.Queues.PushBookings);

        Assert.Single(h.Simulator.State.GetBookings(h.Owner));
        var dead = Assert.Single(await h.DeadLettersAsync());
        Assert.Contains("no availability", dead.Message.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Push_HundredBookingChanges_CallsAndCreditsAreMeasured()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        h.Simulator.State.ResetCounters();
        var latencies = new List<double>();
        for (var i = 0; i < 50; i++)
        {
            await h.SendAsync(StorageNames.Queues.PushBookings, SyncHarness.Booking($"BULK-{i}", 1, arrival: SyncHarness.Future.AddDays(i % 25), nights: 1));
        }

        var clock = Stopwatch.StartNew();
        await h.DrainAsync(StorageNames.Queues.PushBookings);
        for (var i = 0; i < 50; i++)
        {
            await h.SendAsync(StorageNames.Queues.PushBookings, SyncHarness.Booking($"BULK-{i}", 2, arrival: SyncHarness.Future.AddDays(i % 25), nights: 2));
        }

        await h.DrainAsync(StorageNames.Queues.PushBookings);
        clock.Stop();
        var changeCalls = h.Simulator.State.RequestCount("GET", "bookings") + h.Simulator.State.RequestCount("POST", "bookings");
        var changeCredits = h.Simulator.State.CreditsSpent(h.Owner);
        for (var i = 0; i < 20; i++)
        {
            var one = Stopwatch.StartNew();
            await h.SendAsync(StorageNames.Queues.PushBookings, SyncHarness.Booking($"LAT-{i}", 1, arrival: SyncHarness.Future.AddDays(40 + i), nights: 1));
            await h.DrainAsync(StorageNames.Queues.PushBookings);
            latencies.Add(one.Elapsed.TotalMilliseconds);
        }

        Assert.Equal(70, h.Simulator.State.GetBookings(h.Owner).Count);
        latencies.Sort();
        output.WriteLine($"100 booking changes (50 creates + 50 modifications): {changeCalls} Beds24 calls, {changeCredits:F1} credits, drained in {clock.Elapsed.TotalSeconds:F1} s; " +
            $"end-to-end push latency (enqueue to done, 20 single creates) p50 {latencies[9]:F0} ms, p95 {latencies[18]:F0} ms");
        Assert.Empty(await h.DeadLettersAsync());
    }

    [Fact]
    public async Task PendingPushSweeper_StrandedPendingChange_IsPushed()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        // The intake recorded the change, but nothing pushed it (its queue message is gone).
        await h.Get<Beds24Sync.Push.BookingPushIntake>().AcceptAsync(SyncHarness.Json(SyncHarness.Booking("RES-STRANDED", 1)), CancellationToken.None);
        var fresh = await h.Get<Beds24Sync.Push.PendingPushSweeper>().RunOnceAsync(CancellationToken.None);
        var links = h.Get<IBookingLinkStore>();
        var link = await links.GetByReservationAsync(SyncHarness.AccountId, "RES-STRANDED", CancellationToken.None);
        await links.SaveAsync(link! with { PendingSince = DateTimeOffset.UtcNow - TimeSpan.FromHours(1) }, CancellationToken.None);

        var requeued = await h.Get<Beds24Sync.Push.PendingPushSweeper>().RunOnceAsync(CancellationToken.None);
        await h.DrainAsync(StorageNames.Queues.PushBookings);

        Assert.Equal(0, fresh); // a change pending for seconds is in flight, not stranded
        Assert.Equal(1, requeued);
        Assert.Single(h.Simulator.State.GetBookings(h.Owner), b => b.PmsReservationId() == "RES-STRANDED");
        Assert.Equal(0, await h.Get<Beds24Sync.Push.PendingPushSweeper>().RunOnceAsync(CancellationToken.None));
    }
}
