using Azure.Data.Tables;
using Beds24.Testing;
using Beds24Sync.Queues;
using Beds24Sync.Storage;
using Beds24Sync.Webhooks;
using Beds24Sync.Workflows.Hosting;

namespace Beds24Sync.IntegrationTests.Operations;

/// <summary>What the app stores stays bounded, and what it queues for the other side does not expire on its own.</summary>
[Collection(TestCollections.Azurite)]
public sealed class BoundedStorageTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task PurgeWebhookEvents_ExpiredKeysInBatches_AreDeletedAndFreshOnesKept()
    {
        await using var h = await SyncHarness.StartAsync(azurite, settings: new() { ["Storage:WebhookEventRetention"] = "00:00:01" });
        var events = h.Get<IWebhookEventStore>();
        for (var i = 0; i < 230; i++)
        {
            await events.RecordAsync(i % 2 == 0 ? SyncHarness.AccountId : "other", $"key-{i}", i, CancellationToken.None);
        }

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await events.RecordAsync(SyncHarness.AccountId, "fresh", 1, CancellationToken.None);

        var purged = await h.Get<ScheduledWork>().PurgeWebhookEventsAsync(CancellationToken.None);
        var again = await h.Get<ScheduledWork>().PurgeWebhookEventsAsync(CancellationToken.None);

        Assert.Equal((230, 0), (purged, again));
        var left = new List<string>();
        await foreach (var row in h.Get<StorageClients>().Table(StorageNames.Tables.WebhookEvents).QueryAsync<TableEntity>())
        {
            left.Add(row.RowKey);
        }

        Assert.Equal(["fresh"], left);
        Assert.True(await events.SeenAsync(SyncHarness.AccountId, "fresh", CancellationToken.None));
    }

    [Fact]
    public async Task QueuePublisher_Message_NeverExpires()
    {
        await using var h = await SyncHarness.StartAsync(azurite);

        await h.Get<IQueuePublisher>().SendRawAsync(StorageNames.Queues.PmsInbound, """{"probe":true}""");

        var peeked = Assert.Single((await h.Get<StorageClients>().Queue(StorageNames.Queues.PmsInbound).PeekMessagesAsync(1)).Value);
        Assert.True(peeked.ExpiresOn > DateTimeOffset.UtcNow.AddYears(100), $"expires {peeked.ExpiresOn:u}");
    }
}
