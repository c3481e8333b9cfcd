using System.Diagnostics;
using Beds24.Simulator;
using Beds24.Testing;
using Beds24Sync.Accounts;
using Beds24Sync.Contracts;
using Beds24Sync.DeadLetters;
using Beds24Sync.Hosting;
using Beds24Sync.Mapping;
using Beds24Sync.Push;
using Beds24Sync.Queues;
using Beds24Sync.Secrets;
using Beds24Sync.Storage;
using Beds24Sync.Workflows;
using Beds24Sync.Workflows.Hosting;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

/// <summary>One run of the push pipeline on fresh storage and a fresh simulator: calls, credits and time per change.</summary>
internal static class PushBenchmark
{
    /// <param name="beds24">How the simulator charges and answers (its credit limit is lifted here: the run counts credits, it does not wait for them).</param>
    public static async Task<string> RunAsync(AzuriteFixture azurite, string mode, string window, int creates, int stormChanges, DateOnly today, SimulatorOptions beds24)
    {
        await azurite.ResetAsync();
        await using var simulator = await Beds24SimulatorServer.StartAsync(beds24 with { CreditLimit = 10_000_000m });
        var owner = simulator.State.CreateAccount("Bench");
        var property = simulator.State.AddProperty(owner, "Bench Hotel");
        var room = simulator.State.AddRoom(property, "Double", qty: 100_000);
        var settings = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Beds24:BaseAddress"] = simulator.BaseAddress.ToString(),
            [$"Secrets:{SecretNames.RefreshToken("bench")}"] = simulator.State.IssueRefreshToken(owner),
            ["Guests:HashKey"] = "bench-key-123",
            ["Secrets:beds24-webhook-secret"] = WebhookSecret,
            ["Push:WriteCoalescingWindow"] = window,
            ["Inbound:HintCoalescingWindow"] = window,
            ["Host:TaskHub"] = "bench" + (window == "00:00:00" ? "single" : "batched"),
            ["Host:QueueIdleDelay"] = "00:00:00.100",
            ["SecretStore:LocalFile"] = Path.Combine(Path.GetTempPath(), $"beds24sync-bench-{Guid.NewGuid():N}.json"),
            // The 5-minute pull would re-read the bursts' bookings (about 1.5 credits per 100) whenever its minute
            // falls inside a burst: a cost of the pull, counted in its own figures, not in the bursts'.
            [ScheduledJobs.SettingPrefix + "IncrementalPull"] = "0 0 0 1 1 *",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:DurableTask"] = "Error",
        };

        // The local host as `serve` runs it: its queue pollers, the workflows on the Durable Azure Storage backend on Azurite.
        var (app, _) = await Beds24Sync.Host.LocalSystem.BuildAsync([], useSimulator: false, port: 0, simulatorPort: 0, settings);
        await using var host = app;
        var services = app.Services;
        await services.GetRequiredService<IAccountStore>().SaveAsync(new Beds24Account { AccountId = "bench", RefreshTokenSecretName = SecretNames.RefreshToken("bench"), PropertyIds = [property] }, CancellationToken.None);
        await services.GetRequiredService<IMappingStore>().SavePropertyAsync(new PropertyMapping { AccountId = "bench", PmsPropertyId = "P", Beds24PropertyId = property, CountryCode = "GB" }, CancellationToken.None);
        await services.GetRequiredService<IMappingStore>().SaveRoomAsync(new RoomMapping { AccountId = "bench", PmsPropertyId = "P", PmsRoomTypeId = "D", Beds24PropertyId = property, Beds24RoomId = room }, CancellationToken.None);
        await app.StartAsync();
        var client = services.GetRequiredService<DurableTaskClient>();
        var publisher = services.GetRequiredService<IQueuePublisher>();
        var queue = services.GetRequiredService<StorageClients>().Queue(StorageNames.Queues.PushBookings);

        async Task<(int Calls, decimal Credits, TimeSpan Elapsed, string Breakdown)> BurstAsync(int count, int version, int nights, decimal amount = 200m)
        {
            simulator.State.ResetCounters();
            var spentBefore = simulator.State.CreditsSpent(owner);
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                await publisher.SendAsync(StorageNames.Queues.PushBookings, Message(i, version, nights, today, amount));
            }

            await DrainAsync(queue, client);
            var breakdown = $"[{simulator.State.RequestCount("POST", "bookings")} POST, {simulator.State.RequestCount("GET", "bookings")} GET bookings, " +
                $"{simulator.State.RequestCount("GET", "inventory/rooms/calendar")} calendar reads]";
            return (simulator.State.RequestCount("bookings"), simulator.State.CreditsSpent(owner) - spentBefore, clock.Elapsed, breakdown);
        }

        var burst = await BurstAsync(creates, 1, 2);
        var modifications = await BurstAsync(creates / 5, 2, 3);
        // Same nights, a new price: no availability check is due, only find, write and read back.
        var repricings = await BurstAsync(creates / 5, 3, 3, 260m);
        var inBeds24 = simulator.State.GetBookings(owner).Count;
        var deadLetters = 0;
        await foreach (var _ in services.GetRequiredService<IDeadLetterStore>().ListAsync(includeReplayed: true, CancellationToken.None))
        {
            deadLetters++;
        }

        // A single change on a quiet system: enqueue to booking in Beds24, window included.
        var latencies = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var clock = Stopwatch.StartNew();
            await publisher.SendAsync(StorageNames.Queues.PushBookings, Message(100_000 + i, 1, 1, today));
            await DrainAsync(queue, client);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }

        latencies.Sort();
        var storm = await OtaStormAsync(app, simulator, owner, property, room, stormChanges, today);
        await app.StopAsync();
        var perCreate = burst.Credits / creates;
        // Booking pushes stop at their reserve: what they may spend of a window is the rest.
        var usable = 100m - services.GetRequiredService<IOptions<Beds24.Api.Beds24ClientOptions>>().Value.ReserveFor(Beds24.Api.Credits.Beds24CallShare.BookingPushes);
        return $"{mode}:{Environment.NewLine}" +
            $"    PMS burst: {creates} creates {(double)burst.Calls / creates:F2} calls and {perCreate:F3} credits per change {burst.Breakdown} ({burst.Elapsed.TotalSeconds:F0} s); " +
            $"{creates / 5} modifications adding a night {(double)modifications.Calls / (creates / 5):F2} calls, {modifications.Credits / (creates / 5):F3} credits per change {modifications.Breakdown} (availability checked); " +
            $"{creates / 5} price changes {(double)repricings.Calls / (creates / 5):F2} calls, {repricings.Credits / (creates / 5):F3} credits per change {repricings.Breakdown}; " +
            $"{inBeds24} bookings in Beds24 (expected {creates}), {deadLetters} dead letters{Environment.NewLine}" +
            $"    initial load of 5,000 reservations ≈ {perCreate * 5000:F0} credits = {Math.Ceiling(perCreate * 5000 / usable):F0} credit windows of 100, {usable} of each for booking pushes (from the per-create credits; " +
            $"the simulator charges {beds24.BookingWriteRequestCost} per POST and {beds24.BookingWriteCost} per written booking" +
            (beds24.BookingWriteCost > 0 ? $", so at least {Math.Ceiling(beds24.BookingWriteCost * 5000 / usable):F0} windows whatever the batching); " : "); ") +
            $"under other charges per written booking: {InitialLoadByWriteCost(burst.Credits, creates, beds24.BookingWriteCost, usable)}{Environment.NewLine}" +
            $"    single change (PMS message to booking in Beds24, window included): p50 {latencies[10]:F0} ms, p95 {latencies[18]:F0} ms{Environment.NewLine}" +
            $"    {storm}";
    }

    private const string WebhookSecret = "bench-webhook-secret";

    /// <summary>
    /// The initial load's credit windows under other charges per written booking: the burst's measured credits with
    /// the simulator's per-booking charge swapped (each create was written once: the burst ends with no dead letter).
    /// </summary>
    private static string InitialLoadByWriteCost(decimal burstCredits, int creates, decimal charged, decimal usable) =>
        string.Join(", ", new[] { 0.1m, 0.05m, 0.02m, 0.01m, 0m }.Where(cost => cost != charged).Select(cost =>
        {
            var perCreate = (burstCredits - creates * charged + creates * cost) / creates;
            return $"{cost} → {perCreate * 5000:F0} credits, {Math.Ceiling(perCreate * 5000 / usable):F0} windows";
        }));

    /// <summary>
    /// OTA storm: half the changes are new channel bookings, half move one of them by a night, each a webhook from the
    /// simulator to the host's URL as Beds24 sends them. Counted: the host's booking reads and credits per change, and
    /// how long an availability change sent in the middle of the storm takes to reach Beds24.
    /// </summary>
    private static async Task<string> OtaStormAsync(Microsoft.AspNetCore.Builder.WebApplication app, Beds24SimulatorServer simulator, int owner, long property, long room, int changes, DateOnly today)
    {
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
            .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
        simulator.State.ConfigureBookingWebhook(property, new Uri(new Uri(address), "/api/integrations/beds24/webhook?account=bench"),
            new Dictionary<string, string> { ["X-Beds24-Secret"] = WebhookSecret });
        var storage = app.Services.GetRequiredService<StorageClients>();
        var inbound = storage.Queue(StorageNames.Queues.Beds24Inbound);
        var pms = storage.Queue(StorageNames.Queues.PmsInbound);
        await pms.ClearMessagesAsync();
        simulator.State.ResetCounters();
        var spentBefore = simulator.State.CreditsSpent(owner);
        var clock = Stopwatch.StartNew();
        var created = new List<long>();
        for (var i = 0; i < changes / 2; i++)
        {
            created.AddRange(simulator.State.AddChannelReservation("booking", "Booking.com", $"BDC-STORM-{i}",
                [new SimBooking { RoomId = room, Arrival = today.AddDays(200 + i % 100), Departure = today.AddDays(202 + i % 100), FirstName = "Ota", LastName = $"Guest{i}", Price = 100m }]).Select(b => b.Id));
        }

        // Mid-storm, the PMS sells a room out: how long until Beds24 shows it.
        var soldOut = today.AddDays(400);
        var calendarSent = Stopwatch.StartNew();
        await app.Services.GetRequiredService<IQueuePublisher>().SendAsync(StorageNames.Queues.PushCalendar, new PmsCalendarMessage
        {
            MessageId = $"storm-cal-{Guid.NewGuid():N}",
            AccountId = "bench",
            Version = 1,
            PropertyId = "P",
            RoomTypeId = "D",
            From = soldOut,
            To = soldOut,
            Availability = 0,
        });
        foreach (var id in created)
        {
            simulator.State.ModifyBooking(id, b => b with { Departure = b.Departure.AddDays(1) });
        }

        TimeSpan? availabilityDelay = null;
        var quietSince = Stopwatch.StartNew();
        var lastReads = -1;
        while (quietSince.Elapsed < TimeSpan.FromSeconds(3))
        {
            if (availabilityDelay is null && simulator.State.GetCalendarDay(room, soldOut) is { NumAvail: 0 })
            {
                availabilityDelay = calendarSent.Elapsed;
            }

            var reads = simulator.State.RequestCount("bookings");
            var waiting = ((Azure.Storage.Queues.Models.QueueProperties)await inbound.GetPropertiesAsync()).ApproximateMessagesCount;
            if (reads != lastReads || waiting > 0 || availabilityDelay is null)
            {
                quietSince.Restart();
                lastReads = reads;
            }

            await Task.Delay(100);
        }

        var elapsed = clock.Elapsed - quietSince.Elapsed;
        var readCalls = simulator.State.RequestCount("bookings");
        var credits = simulator.State.CreditsSpent(owner) - spentBefore;

        // What reached the PMS: every storm booking, last seen at its moved departure.
        var last = new Dictionary<long, BookingChangedMessage>();
        while (true)
        {
            var page = (await pms.ReceiveMessagesAsync(32)).Value;
            if (page.Length == 0)
            {
                break;
            }

            foreach (var m in page)
            {
                var message = SyncJson.Deserialize<BookingChangedMessage>(m.Body.ToString())!;
                if (!last.TryGetValue(message.Beds24BookingId, out var seen) || seen.PublishedAt <= message.PublishedAt)
                {
                    last[message.Beds24BookingId] = message;
                }

                await pms.DeleteMessageAsync(m.MessageId, m.PopReceipt);
            }
        }

        var current = created.Count(id => last.TryGetValue(id, out var m) && m.Reservation.Departure == simulator.State.GetBooking(id)!.Departure);
        return $"OTA storm: {changes} changes ({created.Count} new channel bookings, each then moved) read with {readCalls} GET /bookings, " +
            $"{(double)readCalls / changes:F3} calls and {credits / changes:F3} credits per change ({elapsed.TotalSeconds:F0} s); " +
            $"{current} of {created.Count} bookings reached the PMS in their final state; availability change sent mid-storm in Beds24 after " +
            (availabilityDelay is { } d ? $"{d.TotalSeconds:F1} s" : "— (never)");
    }

    private static PmsBookingMessage Message(int i, int version, int nights, DateOnly today, decimal amount = 200m) => new()
    {
        MessageId = $"bench-{i}-v{version}",
        Action = PmsBookingActions.Upsert,
        AccountId = "bench",
        Version = version,
        Reservation = new PmsReservation
        {
            ReservationId = $"B-{i}",
            PropertyId = "P",
            RoomTypeId = "D",
            Status = "confirmed",
            Arrival = today.AddDays(10 + i % 100),
            Departure = today.AddDays(10 + i % 100 + nights),
            TotalAmount = amount,
        },
    };

    /// <summary>Until the queue is empty and no workflow runs (the host's pollers and workers do the work).</summary>
    private static async Task DrainAsync(Azure.Storage.Queues.QueueClient queue, DurableTaskClient client)
    {
        var query = new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running], PageSize = 1 };
        await Task.Delay(200);
        while (true)
        {
            var running = ((Azure.Storage.Queues.Models.QueueProperties)await queue.GetPropertiesAsync()).ApproximateMessagesCount > 0;
            if (!running)
            {
                await foreach (var _ in client.GetAllInstancesAsync(query))
                {
                    running = true;
                    break;
                }
            }

            if (!running)
            {
                return;
            }

            await Task.Delay(100);
        }
    }
}
