using Beds24.Simulator;
using Beds24.Testing;
using Beds24Sync.Contracts;
using Beds24Sync.Storage;
using Beds24Sync.Webhooks;
using Xunit.Abstractions;

namespace Beds24Sync.IntegrationTests.Pull;

/// <summary>Channel (OTA) bookings as Beds24 delivers them, through real webhooks (both versions) into pms-inbound.</summary>
[Collection(TestCollections.Azurite)]
public sealed class ChannelBookingTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task OtaMultiRoomStorm_OneReservationPerBeds24BookingAndNoMessageIdReused()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        await using var receiver = await WebhookReceiver.StartAsync(h.Get<WebhookIntake>());
        h.Simulator.State.ConfigureBookingWebhook(h.Beds24PropertyId, new Uri(receiver.Url, $"?account={SyncHarness.AccountId}"),
            new Dictionary<string, string> { ["X-Beds24-Secret"] = SyncHarness.WebhookSecret });
        h.Simulator.Faults.DuplicateWebhooks = true;

        // 20 OTA reservations of two rooms each: 40 bookings, two per OTA reference, grouped by masterId.
        var groups = new List<IReadOnlyList<SimBooking>>();
        for (var i = 0; i < 20; i++)
        {
            var arrival = SyncHarness.Future.AddDays(200 + 3 * i);
            var (channel, source) = i % 2 == 0 ? ("airbnb", "Airbnb") : ("booking", "Booking.com");
            groups.Add(h.Simulator.State.AddChannelReservation(channel, source, $"OTA-{i:000}",
                [new SimBooking { RoomId = h.DoubleRoomId, Arrival = arrival, Departure = arrival.AddDays(2), LastName = "Room A" },
                 new SimBooking { RoomId = h.DoubleRoomId, Arrival = arrival, Departure = arrival.AddDays(2), LastName = "Room B" }]));
        }

        // Each room changes once more (dates: a webhook fires).
        foreach (var booking in groups.SelectMany(g => g))
        {
            h.Simulator.State.ModifyBooking(booking.Id, b => b with { Departure = b.Departure.AddDays(1) });
        }

        await h.Simulator.DrainWebhooksAsync(TimeSpan.FromSeconds(60));
        await h.DrainAsync(StorageNames.Queues.Beds24Inbound, TimeSpan.FromSeconds(90));
        var messages = await h.TakePmsMessagesAsync();

        var all = groups.SelectMany(g => g).ToList();
        Assert.Equal(40, messages.Select(m => m.Reservation.ReservationId).Distinct().Count());
        Assert.All(all, b => Assert.All(messages.Where(m => m.Beds24BookingId == b.Id), m => Assert.Equal($"beds24-{b.Id}", m.Reservation.ReservationId)));
        Assert.All(messages, m => Assert.Contains(m.Reservation.Channel, new[] { "airbnb", "booking" }));
        Assert.All(groups, g => Assert.All(g, b => Assert.All(messages.Where(m => m.Beds24BookingId == b.Id), m => Assert.Equal(g[0].Id, m.Beds24MasterId))));
        // A messageId names one content: never reused for a different state.
        Assert.All(messages.GroupBy(m => m.MessageId), same => Assert.Single(same.Select(m => m.ContentHash).Distinct()));
        output.WriteLine($"{all.Count} OTA bookings in {groups.Count} reservations, {receiver.Received} webhook deliveries → {messages.Count} BookingChanged messages, " +
            $"{messages.Select(m => m.Reservation.ReservationId).Distinct().Count()} PMS reservations");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Version1Webhooks_GetWithKeyInTheUrl_ReachThePms(bool beds24SendsTheHeader)
    {
        await using var h = await SyncHarness.StartAsync(azurite, simulatorOptions: new SimulatorOptions { CreditLimit = 1_000_000m, V1WebhooksSendCustomHeader = beds24SendsTheHeader });
        await using var receiver = await WebhookReceiver.StartAsync(h.Get<WebhookIntake>());
        var url = beds24SendsTheHeader
            ? new Uri(receiver.Url, $"?account={SyncHarness.AccountId}")
            : new Uri(receiver.Url, $"?account={SyncHarness.AccountId}&key={SyncHarness.WebhookSecret}");
        h.Simulator.State.ConfigureBookingWebhook(h.Beds24PropertyId, url, new Dictionary<string, string> { ["X-Beds24-Secret"] = SyncHarness.WebhookSecret }, version: 1);

        var booking = h.Simulator.State.AddBooking(new SimBooking { RoomId = h.DoubleRoomId, Arrival = SyncHarness.Future.AddDays(300), Departure = SyncHarness.Future.AddDays(302), LastName = "Vee One" });
        h.Simulator.State.CancelBooking(booking.Id);
        await h.Simulator.DrainWebhooksAsync();
        await h.DrainAsync(StorageNames.Queues.Beds24Inbound);

        var message = Assert.Single(await h.TakePmsMessagesAsync());
        Assert.Equal(2, receiver.Received);
        Assert.Equal(BookingChangeTypes.Cancelled, message.ChangeType);
        Assert.Equal("Vee One", message.Reservation.Guest!.LastName);
    }

    [Fact]
    public async Task OtaStorm_HintsHandledTogether_ShareBeds24ReadsAndCredits()
    {
        await using var h = await SyncHarness.StartAsync(azurite, settings: new() { ["Inbound:HintCoalescingWindow"] = "00:00:01" });
        await using var receiver = await WebhookReceiver.StartAsync(h.Get<WebhookIntake>());
        h.Simulator.State.ConfigureBookingWebhook(h.Beds24PropertyId, new Uri(receiver.Url, $"?account={SyncHarness.AccountId}"),
            new Dictionary<string, string> { ["X-Beds24-Secret"] = SyncHarness.WebhookSecret });
        for (var i = 0; i < 120; i++)
        {
            var arrival = SyncHarness.Future.AddDays(400 + i % 60);
            h.Simulator.State.AddChannelReservation("booking", "Booking.com", $"BDC-{i:000}", [new SimBooking { RoomId = h.SuiteRoomId, Arrival = arrival, Departure = arrival.AddDays(1) }]);
        }

        await h.Simulator.DrainWebhooksAsync(TimeSpan.FromSeconds(60));
        h.Simulator.State.ResetCounters();
        await h.DrainAsync(StorageNames.Queues.Beds24Inbound, TimeSpan.FromSeconds(90), parallelism: 16);

        var messages = await h.TakePmsMessagesAsync();
        var reads = h.Simulator.State.RequestCount("GET", "bookings");
        var credits = h.Simulator.State.CreditsSpent(h.Owner);
        Assert.Equal(120, messages.Select(m => m.Beds24BookingId).Distinct().Count());
        // One read per webhook would be 120 reads; a receive of up to 32 hints handled 16 at a time shares reads.
        Assert.True(reads <= 30, $"{reads} Beds24 reads for 120 hints");
        output.WriteLine($"OTA storm: 120 webhooks → {reads} GET /bookings, {credits:0.##} credits ({credits / 120m:0.###} per change), {messages.Count} BookingChanged");
    }

    [Fact]
    public async Task OtaStormReadsRunningLow_AnAvailabilityPushStillGoesOutAtOnce()
    {
        // A small window so the test is short: 40 credits per 12 s; reads stop at 20 left (BackgroundCreditReserve here).
        await using var h = await SyncHarness.StartAsync(azurite,
            simulatorOptions: new SimulatorOptions { CreditLimit = 40m, CreditWindow = TimeSpan.FromSeconds(12) },
            settings: new() { ["Beds24:MaxCreditWait"] = "00:01:00", ["Beds24:BackgroundCreditReserve"] = "20" });
        for (var i = 0; i < 120; i++)
        {
            var arrival = SyncHarness.Future.AddDays(500 + i % 60);
            h.Simulator.State.AddChannelReservation("booking", "Booking.com", $"BDC-S{i:000}", [new SimBooking { RoomId = h.SuiteRoomId, Arrival = arrival, Departure = arrival.AddDays(1) }]);
        }

        for (var i = 0; i < 120; i += 3)
        {
            // Hints of 3 bookings each: 40 reads at about 1 credit each, more than a whole window holds.
            var ids = h.Simulator.State.GetBookings(h.Owner).Skip(i).Take(3).Select(b => b.Id).ToList();
            await h.SendAsync(StorageNames.Queues.Beds24Inbound, new InboundWorkItem { MessageId = $"storm-{i}", AccountId = SyncHarness.AccountId, Source = InboundSources.Webhook, BookingIds = ids, CreatedAt = DateTimeOffset.UtcNow });
        }

        var storm = h.DrainAsync(StorageNames.Queues.Beds24Inbound, TimeSpan.FromSeconds(90));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // Wait until the reads have spent what they may of this window and stall.
        var lastReads = -1;
        for (var quiet = 0; quiet < 15 && clock.Elapsed < TimeSpan.FromSeconds(30); await Task.Delay(100))
        {
            var reads = h.Simulator.State.RequestCount("GET", "bookings");
            quiet = reads == lastReads ? quiet + 1 : 0;
            lastReads = reads;
        }

        await h.SendAsync(StorageNames.Queues.PushCalendar, SyncHarness.SoldOut("sold-out", SyncHarness.PmsDouble));
        var pushed = System.Diagnostics.Stopwatch.StartNew();
        await h.IntakeCalendarQueueAsync();
        await h.Get<Beds24Sync.Calendar.CalendarFlushService>().FlushAsync(SyncHarness.AccountId, CancellationToken.None);
        pushed.Stop();
        var stormStillWaiting = !storm.IsCompleted;
        await storm;

        Assert.Equal(0, h.Simulator.State.GetCalendarDay(h.DoubleRoomId, SyncHarness.Future)!.NumAvail);
        Assert.True(pushed.Elapsed < TimeSpan.FromSeconds(5), $"the availability push took {pushed.Elapsed}");
        Assert.True(stormStillWaiting, "the reads should have been waiting for the next credit window");
        Assert.Equal(120, (await h.TakePmsMessagesAsync()).Select(m => m.Beds24BookingId).Distinct().Count());
        output.WriteLine($"availability push while the storm's reads waited for credits: {pushed.Elapsed.TotalSeconds:0.0} s; storm done after {clock.Elapsed.TotalSeconds:0.0} s");
    }
}
