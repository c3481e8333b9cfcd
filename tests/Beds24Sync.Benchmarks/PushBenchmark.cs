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
    public static async Task<string> RunAsync(AzuriteFixture azurite, string mode, string window, int creates, DateOnly today)
    {
        await azurite.ResetAsync();
        await using var simulator = await Beds24SimulatorServer.StartAsync(new SimulatorOptions { CreditLimit = 10_000_000m });
        var owner = simulator.State.CreateAccount("Bench");
        var property = simulator.State.AddProperty(owner, "Bench Hotel");
        var room = simulator.State.AddRoom(property, "Double", qty: 100_000);
        var settings = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Beds24:BaseAddress"] = simulator.BaseAddress.ToString(),
            [$"Secrets:{SecretNames.RefreshToken("bench")}"] = simulator.State.IssueRefreshToken(owner),
            ["Guests:HashKey"] = "bench-key-123",
            ["Push:WriteCoalescingWindow"] = window,
            ["Inbound:HintCoalescingWindow"] = window,
            ["Host:TaskHub"] = "bench" + (window == "00:00:00" ? "single" : "batched"),
            ["Host:QueueIdleDelay"] = "00:00:00.100",
            ["SecretStore:LocalFile"] = Path.Combine(Path.GetTempPath(), $"beds24sync-bench-{Guid.NewGuid():N}.json"),
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

        async Task<(int Calls, decimal Credits, TimeSpan Elapsed)> BurstAsync(int count, int version, int nights)
        {
            simulator.State.ResetCounters();
            var spentBefore = simulator.State.CreditsSpent(owner);
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                await publisher.SendAsync(StorageNames.Queues.PushBookings, Message(i, version, nights, today));
            }

            await DrainAsync(queue, client);
            return (simulator.State.RequestCount("bookings"), simulator.State.CreditsSpent(owner) - spentBefore, clock.Elapsed);
        }

        var burst = await BurstAsync(creates, 1, 2);
        var modifications = await BurstAsync(creates / 5, 2, 3);
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
        await app.StopAsync();
        var perCreate = burst.Credits / creates;
        return $"{mode,-20} creates: {(double)burst.Calls / creates:F2} calls and {perCreate:F3} credits per change ({burst.Elapsed.TotalSeconds:F0} s); " +
            $"modifications: {(double)modifications.Calls / (creates / 5):F2} calls, {modifications.Credits / (creates / 5):F3} credits per change; " +
            $"{inBeds24} bookings in Beds24 (expected {creates}), {deadLetters} dead letters; 5,000-reservation initial load ≈ {Math.Ceiling(perCreate * 5000 / 100):F0} credit windows (from the per-change credits); " +
            $"single change p50 {latencies[10]:F0} ms, p95 {latencies[18]:F0} ms";
    }

    private static PmsBookingMessage Message(int i, int version, int nights, DateOnly today) => new()
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
            TotalAmount = 200m,
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
