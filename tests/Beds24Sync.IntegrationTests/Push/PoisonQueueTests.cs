using Beds24.Testing;
using Beds24Sync.Contracts;
using Beds24Sync.DeadLetters;
using Beds24Sync.Storage;

namespace Beds24Sync.IntegrationTests.Push;

/// <summary>What the Functions host moves to *-poison queues reaches the dead-letter store with its reason, and replays.</summary>
[Collection(TestCollections.Azurite)]
public sealed class PoisonQueueTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task DrainAsync_PoisonQueues_DeadLettersEachWithItsReasonAndEmptiesThem()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        var clients = h.Get<StorageClients>();
        var bookingsPoison = clients.RawQueue(PoisonQueueDrainer.PoisonQueueOf(StorageNames.Queues.PushBookings));
        var inboundPoison = clients.RawQueue(PoisonQueueDrainer.PoisonQueueOf(StorageNames.Queues.Beds24Inbound));
        await bookingsPoison.CreateIfNotExistsAsync();
        await inboundPoison.CreateIfNotExistsAsync();
        var message = SyncHarness.Json(SyncHarness.Booking("POISON-1", 1));
        await bookingsPoison.SendMessageAsync(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(message)));
        await inboundPoison.SendMessageAsync("{ raw json a PMS forgot to Base64-encode }");

        var drained = await h.Get<PoisonQueueDrainer>().DrainAsync(CancellationToken.None);
        var again = await h.Get<PoisonQueueDrainer>().DrainAsync(CancellationToken.None);

        Assert.Equal((2, 0), (drained, again));
        var dead = await h.DeadLettersAsync();
        var booking = Assert.Single(dead, d => d.Message.Source == StorageNames.Queues.PushBookings);
        Assert.Equal((DeadLetterCategories.Poison, message, "POISON-1"), (booking.Message.Category, booking.Message.OriginalMessage, booking.Message.Subject));
        Assert.Contains("maxDequeueCount", booking.Message.Reason, StringComparison.Ordinal);
        var raw = Assert.Single(dead, d => d.Message.Source == StorageNames.Queues.Beds24Inbound);
        Assert.Contains("Base64", raw.Message.Reason, StringComparison.Ordinal);
        Assert.Equal(0, (await bookingsPoison.GetPropertiesAsync()).Value.ApproximateMessagesCount);

        await h.Get<IDeadLetterStore>().ReplayAsync(booking.Message.MessageId, CancellationToken.None);
        await h.DrainAsync(StorageNames.Queues.PushBookings);
        Assert.Single(h.Simulator.State.GetBookings(h.Owner), b => b.PmsReservationId() == "POISON-1");
    }
}
