using Azure.Data.Tables;
using Beds24.Testing;
using Beds24Sync.BookingLinks;
using Beds24Sync.Conflicts;
using Beds24Sync.Contracts;
using Beds24Sync.DeadLetters;
using Beds24Sync.Queues;
using Beds24Sync.Storage;
using Beds24Sync.Webhooks;
using Beds24Sync.Workflows.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Beds24Sync.IntegrationTests.Operations;

/// <summary>What the app stores stays bounded, and what it queues for the other side does not expire on its own.</summary>
[Collection(TestCollections.Azurite)]
public sealed class BoundedStorageTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task PurgeWebhookEvents_ExpiredKeysInBatches_AreDeletedAndFreshOnesKept()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        // Keys received 8 days ago (7-day retention): recorded on a clock set back, so nothing here waits in real time.
        var eightDaysAgo = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-8));
        var old = new WebhookEventStore(h.Get<StorageClients>(), h.Get<IOptions<StorageOptions>>(), eightDaysAgo);
        for (var i = 0; i < 230; i++)
        {
            await old.RecordAsync(i % 2 == 0 ? SyncHarness.AccountId : "other", $"key-{i}", i, CancellationToken.None);
        }

        var events = h.Get<IWebhookEventStore>();
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
        Assert.False(await events.SeenAsync(SyncHarness.AccountId, "key-0", CancellationToken.None));
    }

    [Fact]
    public async Task QueuePublisher_Message_NeverExpires()
    {
        await using var h = await SyncHarness.StartAsync(azurite);

        await h.Get<IQueuePublisher>().SendRawAsync(StorageNames.Queues.PmsInbound, """{"probe":true}""");

        var peeked = Assert.Single((await h.Get<StorageClients>().Queue(StorageNames.Queues.PmsInbound).PeekMessagesAsync(1)).Value);
        Assert.True(peeked.ExpiresOn > DateTimeOffset.UtcNow.AddYears(100), $"expires {peeked.ExpiresOn:u}");
    }

    [Fact]
    public async Task DeadLetters_TwoMessagesWithOneId_AreTwoRecordsAndARedeliveryStaysOne()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        var store = h.Get<IDeadLetterStore>();
        DeadLetterMessage Letter(string body) => new()
        {
            MessageId = "pms-42",
            Source = StorageNames.Queues.PushBookings,
            Category = DeadLetterCategories.Validation,
            Reason = "bad",
            OriginalMessage = body,
            DeadLetteredAt = DateTimeOffset.UtcNow,
        };

        await store.AddAsync(Letter("""{"messageId":"pms-42","version":1}"""), CancellationToken.None);
        await store.AddAsync(Letter("""{"messageId":"pms-42","version":2}"""), CancellationToken.None); // the PMS reused its id
        await store.AddAsync(Letter("""{"messageId":"pms-42","version":2}"""), CancellationToken.None); // the same message again

        var records = await store.ListAsync(includeReplayed: true, CancellationToken.None).ToListAsync();
        Assert.Equal(2, records.Count);
        Assert.Equal(["""{"messageId":"pms-42","version":1}""", """{"messageId":"pms-42","version":2}"""], records.Select(r => r.Message.OriginalMessage).Order());
        Assert.Contains(records, r => r.Message.MessageId == "pms-42");
        var second = Assert.Single(records, r => r.Message.MessageId != "pms-42");
        Assert.StartsWith("pms-42~", second.Message.MessageId, StringComparison.Ordinal);
        Assert.NotNull(await store.GetAsync(second.Message.MessageId, CancellationToken.None)); // replayable by the id it shows
        Assert.Equal(2, await store.CountUnreplayedAsync(CancellationToken.None)); // what /status shows, without reading the messages
    }

    private static ConflictRecord Conflict(string reservation, DateTimeOffset detected, string? snapshot = null) => new()
    {
        ConflictId = ConflictIds.New(SyncHarness.AccountId, reservation, detected),
        AccountId = SyncHarness.AccountId,
        ReservationId = reservation,
        Origin = ChangeOrigins.Pms,
        Type = "dates",
        Differences = [new FieldDifference("departure", "2030-05-03", "2030-05-05")],
        Rule = ConflictRules.Manual,
        Status = ConflictStatuses.Open,
        DetectedAt = detected,
        PmsSnapshot = snapshot,
    };

    [Fact]
    public async Task Conflicts_LatestOfAReservation_IsFoundThroughItsIndexRowAndOldConflictsAreIndexedOnce()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        var table = h.Get<StorageClients>().Table(StorageNames.Tables.SyncConflicts);
        var now = DateTimeOffset.UtcNow;
        // A conflict stored before the index existed: its row only, as the old store wrote it.
        var old = Conflict("RES-OLD", now.AddDays(-3));
        await table.AddEntityAsync(new TableEntity("conflict", TableKey.Encode(old.ConflictId))
        {
            ["Json"] = SyncJson.Serialize(old),
            ["AccountId"] = old.AccountId,
            ["ReservationId"] = old.ReservationId,
            ["DetectedAt"] = old.DetectedAt,
            ["Status"] = old.Status,
        });
        var store = h.Get<IConflictStore>();
        await store.SaveAsync(Conflict("RES-1", now.AddMinutes(-10)), CancellationToken.None);
        var newest = await store.SaveAsync(Conflict("RES-1", now.AddMinutes(-1)), CancellationToken.None);

        var latest = await store.GetLatestForReservationAsync(SyncHarness.AccountId, "RES-1", CancellationToken.None);
        var migrated = await store.GetLatestForReservationAsync(SyncHarness.AccountId, "RES-OLD", CancellationToken.None);
        var none = await store.GetLatestForReservationAsync(SyncHarness.AccountId, "RES-NEVER", CancellationToken.None);

        Assert.Equal(newest.ConflictId, latest!.ConflictId);
        Assert.Equal(old.ConflictId, migrated!.ConflictId);
        Assert.Null(none);
        var index = await table.QueryAsync<TableEntity>(e => e.PartitionKey == "latest").ToListAsync();
        Assert.Equal(3, index.Count); // RES-1, RES-OLD and the marker that the old ones are in
        Assert.Equal(3, (await store.GetStatsAsync(CancellationToken.None)).Total); // index rows are not conflicts
    }

    [Fact]
    public async Task Conflicts_SnapshotsLargerThanOneTableProperty_AreStoredWhole()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        var store = h.Get<IConflictStore>();
        var snapshot = SyncJson.Serialize(new { notes = new string('x', 100_000) });

        var saved = await store.SaveAsync(Conflict("RES-BIG", DateTimeOffset.UtcNow, snapshot), CancellationToken.None);

        Assert.Equal(snapshot, (await store.GetAsync(saved.ConflictId, CancellationToken.None))!.PmsSnapshot);
    }

    [Fact]
    public async Task BookingLinks_ListPending_ReadsOnlyTheLinksWithAChangeWaiting()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        var links = h.Get<IBookingLinkStore>();
        await links.SaveAsync(new BookingLink { AccountId = SyncHarness.AccountId, ReservationId = "RES-DONE", PmsVersion = 2, PendingVersion = 2 }, CancellationToken.None);
        var waiting = await links.SaveAsync(new BookingLink { AccountId = SyncHarness.AccountId, ReservationId = "RES-WAIT", PmsVersion = 1, PendingVersion = 2, PendingMessage = "{}" }, CancellationToken.None);

        var before = await links.ListPendingAsync(SyncHarness.AccountId, CancellationToken.None).ToListAsync();
        await links.SaveAsync(waiting with { PmsVersion = 2, PendingMessage = null }, CancellationToken.None); // pushed
        var after = await links.ListPendingAsync(SyncHarness.AccountId, CancellationToken.None).ToListAsync();

        Assert.Equal(["RES-WAIT"], before.Select(l => l.ReservationId));
        Assert.Empty(after);
        // The table answers from the index column, not by reading every link.
        var marked = await h.Get<StorageClients>().Table(StorageNames.Tables.BookingLinks).QueryAsync<TableEntity>("HasPending eq true").ToListAsync();
        Assert.Empty(marked);
    }
}
