using Beds24.Testing;
using Beds24Sync.DeadLetters;
using Beds24Sync.Queues;
using Beds24Sync.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Beds24Sync.IntegrationTests.Faults;

/// <summary>Storage (Azurite) stops answering mid-run for several seconds and comes back: the workers carry on and nothing is lost.</summary>
[Collection(TestCollections.Azurite)]
public sealed class StorageOutageTests(AzuriteFixture storage, ITestOutputHelper output)
{
    [Fact]
    public async Task StorageOutageMidRun_EveryMessageIsStillPushedOnce()
    {
        // The workflow's retries (1 s, 2 s, 4 s) outlast the 5 s outage, as the product's 5/25/125 s would.
        await using var h = await SyncHarness.StartAsync(storage, settings: new() { ["Workflows:RetryFirstInterval"] = "00:00:01", ["Workflows:RetryBackoffCoefficient"] = "2" });
        const int reservations = 60;
        for (var i = 0; i < reservations; i++)
        {
            await h.SendAsync(StorageNames.Queues.PushBookings, SyncHarness.Booking($"S-{i}", 1, arrival: SyncHarness.Future.AddDays(i % 30), nights: 1));
        }

        var worker = new QueueWorker(h.Get<StorageClients>(), await h.HandlerAsync(StorageNames.Queues.PushBookings),
            h.Get<IDeadLetterStore>(), TimeProvider.System, new XunitLogger<QueueWorker>(output), [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)],
            processingLease: TimeSpan.FromSeconds(5));
        using var stop = new CancellationTokenSource();
        var running = worker.RunAsync(TimeSpan.FromMilliseconds(100), stop.Token);

        // Let the run get going, then take storage away in the middle of it.
        for (var waited = 0; h.Simulator.State.GetBookings(h.Owner).Count < 10 && waited < 300; waited++)
        {
            await Task.Delay(100);
        }

        var beforeOutage = h.Simulator.State.GetBookings(h.Owner).Count;
        await storage.PauseAsync(TimeSpan.FromSeconds(5));

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (h.Simulator.State.GetBookings(h.Owner).Count < reservations && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        await stop.CancelAsync();
        await running;

        var bookings = h.Simulator.State.GetBookings(h.Owner);
        Assert.Equal(reservations, bookings.Count);
        Assert.Equal(reservations, bookings.Select(b => b.PmsReservationId()).Distinct().Count());
        Assert.Empty(await h.DeadLettersAsync());
        output.WriteLine($"{beforeOutage} pushed before the storage outage, {reservations - beforeOutage} after; none lost or duplicated");
    }
}
