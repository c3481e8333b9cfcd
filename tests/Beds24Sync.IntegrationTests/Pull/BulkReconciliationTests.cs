using System.Diagnostics;
using System.Text;
using Beds24.Simulator;
using Beds24.Testing;
using Beds24Sync.Contracts;
using Beds24Sync.Pull;
using Beds24Sync.Storage;
using Beds24Sync.Webhooks;
using Xunit.Abstractions;

namespace Beds24Sync.IntegrationTests.Pull;

/// <summary>
/// The nightly reconciliation at size (10,000 bookings). It runs on an Azurite of its own: Azurite keeps collecting
/// 10,000 deleted messages and rows long after the test, which would slow every later test on a shared one.
/// </summary>
[Collection(BulkAzuriteCollection.Name)]
public sealed class BulkReconciliationTests(BulkAzuriteCollection.Fixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task FullPull_TenThousandBookings_ReconcilesAndRepeatsAsNoOp()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        h.Simulator.State.SeedBookings(Enumerable.Range(0, 10_000).Select(i => new SimBooking
        {
            RoomId = i % 2 == 0 ? h.DoubleRoomId : h.SuiteRoomId,
            Arrival = SyncHarness.Future.AddDays(i % 300),
            Departure = SyncHarness.Future.AddDays(i % 300 + 1),
            Status = i % 7 == 0 ? "cancelled" : "confirmed",
            Channel = "booking",
        }));
        var service = h.Get<FullPullService>();
        GC.Collect();
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();

        var first = await service.ReconcilePropertyAsync(SyncHarness.AccountId, h.Beds24PropertyId, CancellationToken.None);
        clock.Stop();
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        var second = await service.ReconcilePropertyAsync(SyncHarness.AccountId, h.Beds24PropertyId, CancellationToken.None);

        Assert.Equal(10_000, first.BookingsInBeds24);
        Assert.Equal((10_000, 0), (first.MissingInPms, first.Differing));
        Assert.Equal(0, second.Republished);
        Assert.Equal(10_000, second.Agreed);
        Azure.Storage.Queues.Models.QueueProperties pmsQueue = await h.Get<StorageClients>().Queue(StorageNames.Queues.PmsInbound).GetPropertiesAsync();
        Assert.Equal(10_000, pmsQueue.ApproximateMessagesCount);
        var links = await h.Get<Beds24Sync.BookingLinks.IBookingLinkStore>().ListAsync(SyncHarness.AccountId, SyncHarness.PmsProperty, CancellationToken.None).ToListAsync();
        Assert.Equal(10_000, links.Select(l => l.Beds24BookingId).Distinct().Count());
        Assert.All(links, l => Assert.Null(l.PendingPublishHash));
        output.WriteLine($"full pull of 10,000 bookings: {clock.Elapsed.TotalSeconds:F1} s, managed heap growth {(GC.GetTotalMemory(false) - memoryBefore) / 1048576.0:F0} MB, test process peak working set {peak / 1048576.0:F0} MB");
    }
}
