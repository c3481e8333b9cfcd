using System.Text;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues.Models;
using Beds24.Api.Models;
using Beds24.Testing;
using Beds24Sync.Accounts;
using Beds24Sync.Alerts;
using Beds24Sync.BookingLinks;
using Beds24Sync.Contracts;
using Beds24Sync.DeadLetters;
using Beds24Sync.Queues;
using Beds24Sync.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace Beds24Sync.IntegrationTests.Push;

/// <summary>The storage plumbing on Azurite: initializer, booking links, dead letters, shared credit budget, poison messages.</summary>
[Collection(TestCollections.Azurite)]
public sealed class StorageTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private StorageClients _clients = null!;

    public async Task InitializeAsync()
    {
        await azurite.ResetAsync();
        _clients = new StorageClients(Options.Create(new StorageOptions { ConnectionString = azurite.ConnectionString }));
        await new StorageInitializer(_clients).EnsureCreatedAsync(CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task EnsureCreatedAsync_RunTwice_EveryQueueAndTableExists()
    {
        await new StorageInitializer(_clients).EnsureCreatedAsync(CancellationToken.None);

        foreach (var queue in StorageNames.Queues.All)
        {
            Assert.True((await _clients.Queue(queue).ExistsAsync()).Value, queue);
        }

        var tables = new List<string>();
        await foreach (var table in _clients.Tables.QueryAsync())
        {
            tables.Add(table.Name);
        }

        Assert.All(StorageNames.Tables.All.Concat(StorageNames.Tables.Internal), t => Assert.Contains(t, tables));
    }

    [Fact]
    public async Task BookingLinks_SavedWithABookingId_AreFoundFromEitherSide()
    {
        var store = new TableBookingLinkStore(_clients);

        var saved = await store.SaveAsync(new BookingLink { AccountId = "acc", ReservationId = "RES/1#x", Beds24BookingId = 901, PropertyId = "P1" }, CancellationToken.None);

        Assert.NotEqual(default, saved.ETag);
        Assert.Equal("RES/1#x", (await store.GetByBeds24IdAsync("acc", 901, CancellationToken.None))!.ReservationId);
        Assert.Equal(901, (await store.GetByReservationAsync("acc", "RES/1#x", CancellationToken.None))!.Beds24BookingId);
        Assert.Null(await store.GetByBeds24IdAsync("other-account", 901, CancellationToken.None));
        Assert.Single(await store.ListAsync("acc", "P1", CancellationToken.None).ToListAsync());
        Assert.Empty(await store.ListAsync("acc", "P2", CancellationToken.None).ToListAsync());
    }

    [Fact]
    public async Task BookingLinks_StaleETagOrSecondInsert_ThrowConcurrencyConflictAndChangeNothing()
    {
        var store = new TableBookingLinkStore(_clients);
        var first = await store.SaveAsync(new BookingLink { AccountId = "acc", ReservationId = "RES-2", PmsVersion = 1 }, CancellationToken.None);
        var second = await store.SaveAsync(first with { PmsVersion = 2, Beds24BookingId = 902 }, CancellationToken.None);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.SaveAsync(first with { PmsVersion = 3, Beds24BookingId = 903 }, CancellationToken.None));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.SaveAsync(new BookingLink { AccountId = "acc", ReservationId = "RES-2" }, CancellationToken.None));

        var now = await store.GetByReservationAsync("acc", "RES-2", CancellationToken.None);
        Assert.Equal(2, now!.PmsVersion);
        Assert.Equal(second.ETag, now.ETag);
        // The failed write's index row was in the same transaction: it was not written either.
        Assert.Null(await store.GetByBeds24IdAsync("acc", 903, CancellationToken.None));
    }

    [Fact]
    public async Task BookingLinks_ReBindingToAnotherBooking_IsRefusedAndTheOldBindingStays()
    {
        var store = new TableBookingLinkStore(_clients);
        var link = await store.SaveAsync(new BookingLink { AccountId = "acc", ReservationId = "RES-3", Beds24BookingId = 910 }, CancellationToken.None);
        var reread = await store.GetByReservationAsync("acc", "RES-3", CancellationToken.None);

        await Assert.ThrowsAsync<BookingAlreadyLinkedException>(() => store.SaveAsync(link with { Beds24BookingId = 911 }, CancellationToken.None));
        await Assert.ThrowsAsync<BookingAlreadyLinkedException>(() => store.SaveAsync(reread! with { Beds24BookingId = 911 }, CancellationToken.None));

        Assert.Equal("RES-3", (await store.GetByBeds24IdAsync("acc", 910, CancellationToken.None))!.ReservationId);
        Assert.Null(await store.GetByBeds24IdAsync("acc", 911, CancellationToken.None));
    }

    [Fact]
    public async Task BookingLinks_BookingBoundToAnotherReservation_CannotBeTaken()
    {
        var store = new TableBookingLinkStore(_clients);
        await store.SaveAsync(new BookingLink { AccountId = "acc", ReservationId = "RES-A", Beds24BookingId = 920 }, CancellationToken.None);
        var other = await store.SaveAsync(new BookingLink { AccountId = "acc", ReservationId = "RES-B" }, CancellationToken.None);

        var error = await Assert.ThrowsAsync<BookingAlreadyLinkedException>(() => store.SaveAsync(other with { Beds24BookingId = 920 }, CancellationToken.None));

        Assert.Contains("RES-A", error.Message, StringComparison.Ordinal);
        Assert.Equal("RES-A", (await store.GetByBeds24IdAsync("acc", 920, CancellationToken.None))!.ReservationId);
        Assert.Null((await store.GetByReservationAsync("acc", "RES-B", CancellationToken.None))!.Beds24BookingId);
    }

    [Fact]
    public async Task BookingLinks_LargerThanOneTableProperty_AreKeptWhole()
    {
        var store = new TableBookingLinkStore(_clients);
        var big = new string('n', 45_000);

        var saved = await store.SaveAsync(new BookingLink { AccountId = "acc", ReservationId = "RES-4", PendingMessage = big, LastPublishedReservation = big }, CancellationToken.None);
        await store.SaveAsync(saved with { PendingMessage = null, LastPublishedReservation = "{}" }, CancellationToken.None);
        var shrunk = await store.GetByReservationAsync("acc", "RES-4", CancellationToken.None);
        var grown = await store.SaveAsync(shrunk! with { PendingMessage = big }, CancellationToken.None);

        Assert.Null(shrunk.PendingMessage);
        Assert.Equal(big, (await store.GetByReservationAsync("acc", "RES-4", CancellationToken.None))!.PendingMessage);
        Assert.NotEqual(default, grown.ETag);
    }

    [Fact]
    public async Task DeadLetters_Add_WritesTableAndQueueAndAlerts()
    {
        var (store, alerts) = DeadLetterStore();

        await store.AddAsync(DeadLetter("dl-1", StorageNames.Queues.PushBookings, """{"messageId":"dl-1"}"""), CancellationToken.None);

        var record = await store.GetAsync("dl-1", CancellationToken.None);
        Assert.Equal(DeadLetterCategories.Mapping, record!.Message.Category);
        Assert.Null(record.ReplayedAt);
        QueueMessage[] queued = await _clients.Queue(StorageNames.Queues.DeadLetter).ReceiveMessagesAsync(10);
        var onQueue = SyncJson.Deserialize<DeadLetterMessage>(Assert.Single(queued).Body.ToString())!;
        Assert.Equal("""{"messageId":"dl-1"}""", onQueue.OriginalMessage);
        alerts.Verify(a => a.NotifyAsync(It.Is<AlertEvent>(e => e.Message.Contains("no room mapping", StringComparison.Ordinal)), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task DeadLetters_Replay_PutsTheOriginalBackUnchangedAndMarksIt()
    {
        var (store, _) = DeadLetterStore();
        const string original = """{"messageId":"dl-2","note":"byte-for-byte ü"}""";
        await store.AddAsync(DeadLetter("dl-2", StorageNames.Queues.PushCalendar, original), CancellationToken.None);

        await store.ReplayAsync("dl-2", CancellationToken.None);

        QueueMessage[] replayed = await _clients.Queue(StorageNames.Queues.PushCalendar).ReceiveMessagesAsync(10);
        Assert.Equal(original, Assert.Single(replayed).Body.ToString());
        var record = await store.GetAsync("dl-2", CancellationToken.None);
        Assert.Equal((1, true), (record!.ReplayCount, record.ReplayedAt is not null));
        Assert.Empty(await store.ListAsync(includeReplayed: false, CancellationToken.None).ToListAsync());

        // It fails again: one record, shown as not replayed, remembering the earlier replay.
        await store.AddAsync(DeadLetter("dl-2", StorageNames.Queues.PushCalendar, original), CancellationToken.None);
        var again = Assert.Single(await store.ListAsync(includeReplayed: false, CancellationToken.None).ToListAsync());
        Assert.Equal(1, again.ReplayCount);
    }

    [Theory]
    [InlineData("no-such-id", null)]
    [InlineData("dl-3", "somewhere-else")]
    public async Task DeadLetters_ReplayOfUnknownOrNonQueueSource_IsRefused(string id, string? source)
    {
        var (store, _) = DeadLetterStore();
        if (source is not null)
        {
            await store.AddAsync(DeadLetter(id, source, "[]"), CancellationToken.None);
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.ReplayAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task DeadLetters_OriginalTooLargeForAQueueMessage_TableKeepsItWholeQueueGetsANote()
    {
        var (store, _) = DeadLetterStore();
        var huge = "{\"x\":\"" + new string('z', 50_000) + "\"}";

        await store.AddAsync(DeadLetter("dl-4", StorageNames.Queues.PushBookings, huge), CancellationToken.None);

        Assert.Equal(huge, (await store.GetAsync("dl-4", CancellationToken.None))!.Message.OriginalMessage);
        QueueMessage[] queued = await _clients.Queue(StorageNames.Queues.DeadLetter).ReceiveMessagesAsync(10);
        Assert.Contains("too large", SyncJson.Deserialize<DeadLetterMessage>(Assert.Single(queued).Body.ToString())!.OriginalMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreditBudget_TwoInstances_ShareOneStateAndTheNewerObservationWins()
    {
        var a = new TableCreditBudgetStore(_clients);
        var b = new TableCreditBudgetStore(_clients);
        var t0 = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

        await a.SaveAsync("acc", new Beds24CreditState(80m, t0.AddMinutes(5), 1.5m, t0.AddSeconds(10)), CancellationToken.None);
        await b.SaveAsync("acc", new Beds24CreditState(95m, t0.AddMinutes(5), 1m, t0), CancellationToken.None); // older: ignored
        var seenByB = await b.GetAsync("acc", CancellationToken.None);
        await b.SaveAsync("acc", new Beds24CreditState(60.5m, t0.AddMinutes(5), 2m, t0.AddSeconds(20)), CancellationToken.None);

        Assert.Equal(80m, seenByB!.Remaining);
        Assert.Equal(60.5m, (await a.GetAsync("acc", CancellationToken.None))!.Remaining);
        Assert.Null(await a.GetAsync("unknown", CancellationToken.None));
    }

    [Fact]
    public async Task Accounts_CreditStateBeforeSettings_NeitherBreaksTheOther()
    {
        var accounts = new TableAccountStore(_clients);
        await new TableCreditBudgetStore(_clients).SaveAsync("early", new Beds24CreditState(50m, DateTimeOffset.UnixEpoch, null, DateTimeOffset.UnixEpoch), CancellationToken.None);
        await accounts.SaveAsync(new Beds24Account { AccountId = "acc", RefreshTokenSecretName = "beds24-refresh-acc" }, CancellationToken.None);

        var listed = await accounts.ListAsync(CancellationToken.None).ToListAsync();

        Assert.Equal("acc", Assert.Single(listed).AccountId);
        Assert.Null(await accounts.GetAsync("early", CancellationToken.None));
        await accounts.SaveAsync(new Beds24Account { AccountId = "early", RefreshTokenSecretName = "s" }, CancellationToken.None);
        Assert.Equal(50m, (await new TableCreditBudgetStore(_clients).GetAsync("early", CancellationToken.None))!.Remaining);
    }

    [Fact]
    public async Task QueueWorker_MessageThatIsNotBase64_IsDeadLetteredAsPoisonAndTheQueueKeepsFlowing()
    {
        var (deadLetters, _) = DeadLetterStore();
        var handled = new List<string>();
        var handler = new Mock<IQueueMessageHandler>();
        handler.SetupGet(h => h.QueueName).Returns(StorageNames.Queues.PushBookings);
        handler.Setup(h => h.HandleAsync(It.IsAny<string>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .Callback((string body, int _, CancellationToken _) => handled.Add(body)).Returns(Task.CompletedTask);
        // A producer that forgot Base64, then a good message behind it.
        await _clients.RawQueue(StorageNames.Queues.PushBookings).SendMessageAsync("""{"messageId":"plain-text"}""");
        await new AzureQueuePublisher(_clients).SendRawAsync(StorageNames.Queues.PushBookings, """{"messageId":"good"}""");
        var worker = new QueueWorker(_clients, handler.Object, deadLetters, TimeProvider.System, NullLogger<QueueWorker>.Instance);

        var received = await worker.RunOnceAsync(16, CancellationToken.None);

        Assert.Equal(2, received);
        Assert.Equal(["""{"messageId":"good"}"""], handled);
        var poison = Assert.Single(await deadLetters.ListAsync(includeReplayed: true, CancellationToken.None).ToListAsync()).Message;
        Assert.Equal((DeadLetterCategories.Poison, "plain-text", """{"messageId":"plain-text"}"""), (poison.Category, poison.MessageId, poison.OriginalMessage));
        QueueProperties left = await _clients.Queue(StorageNames.Queues.PushBookings).GetPropertiesAsync();
        Assert.Equal(0, left.ApproximateMessagesCount);
    }

    [Fact]
    public async Task QueueWorker_TransientFailure_MessageReappearsAfterTheDelayWithTheNextAttempt()
    {
        var (deadLetters, _) = DeadLetterStore();
        var attempts = new List<int>();
        var handler = new Mock<IQueueMessageHandler>();
        handler.SetupGet(h => h.QueueName).Returns(StorageNames.Queues.PushCalendar);
        handler.Setup(h => h.HandleAsync(It.IsAny<string>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .Callback((string _, int attempt, CancellationToken _) => attempts.Add(attempt))
            .ThrowsAsync(new Beds24.Api.Errors.Beds24NetworkException("connection refused"));
        await new AzureQueuePublisher(_clients).SendRawAsync(StorageNames.Queues.PushCalendar, """{"messageId":"cal-1","accountId":"acc"}""");
        var worker = new QueueWorker(_clients, handler.Object, deadLetters, TimeProvider.System, NullLogger<QueueWorker>.Instance,
            retryDelays: [TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)]); // 3 s: room for a busy machine's next poll

        await worker.RunOnceAsync(1, CancellationToken.None);
        var hiddenRightAfter = await worker.RunOnceAsync(1, CancellationToken.None);
        for (var i = 0; i < 60 && attempts.Count < 4; i++)
        {
            await Task.Delay(250);
            await worker.RunOnceAsync(1, CancellationToken.None);
        }

        Assert.Equal(0, hiddenRightAfter);
        Assert.Equal([1, 2, 3, 4], attempts);
        var dead = Assert.Single(await deadLetters.ListAsync(includeReplayed: true, CancellationToken.None).ToListAsync()).Message;
        Assert.Equal((DeadLetterCategories.Exhausted, 4, "cal-1"), (dead.Category, dead.Attempts, dead.MessageId));
    }

    [Fact]
    public async Task QueueWorker_SlowBatch_RenewsTheLeaseSoNoMessageIsHandedOutTwice()
    {
        var (deadLetters, _) = DeadLetterStore();
        var handled = new List<string>();
        var handler = new Mock<IQueueMessageHandler>();
        handler.SetupGet(h => h.QueueName).Returns(StorageNames.Queues.PushBookings);
        handler.Setup(h => h.HandleAsync(It.IsAny<string>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .Returns(async (string body, int _, CancellationToken ct) =>
            {
                handled.Add(body);
                await Task.Delay(TimeSpan.FromSeconds(1.5), ct); // e.g. waiting for Beds24 credits
            });
        var publisher = new AzureQueuePublisher(_clients);
        foreach (var id in new[] { "a", "b", "c" })
        {
            await publisher.SendRawAsync(StorageNames.Queues.PushBookings, $$"""{"messageId":"{{id}}"}""");
        }

        var worker = new QueueWorker(_clients, handler.Object, deadLetters, TimeProvider.System, NullLogger<QueueWorker>.Instance, processingLease: TimeSpan.FromSeconds(4));
        var run = worker.RunOnceAsync(3, CancellationToken.None);
        // Without renewal the third message's 4 s lease runs out while the first two take 3 s: another receiver would get it.
        await Task.Delay(TimeSpan.FromSeconds(4.5));
        QueueMessage[] stolen = await _clients.RawQueue(StorageNames.Queues.PushBookings).ReceiveMessagesAsync(32, TimeSpan.FromSeconds(1));
        await run;

        Assert.Empty(stolen);
        Assert.Equal(3, handled.Count);
        QueueProperties left = await _clients.Queue(StorageNames.Queues.PushBookings).GetPropertiesAsync();
        Assert.Equal(0, left.ApproximateMessagesCount);
    }

    private (TableDeadLetterStore Store, Mock<IAlertNotifier> Alerts) DeadLetterStore()
    {
        var alerts = new Mock<IAlertNotifier>();
        return (new TableDeadLetterStore(_clients, new AzureQueuePublisher(_clients), new Beds24Sync.Calendar.CalendarPendingStore(_clients), alerts.Object, TimeProvider.System, NullLogger<TableDeadLetterStore>.Instance), alerts);
    }

    private static DeadLetterMessage DeadLetter(string id, string source, string original) => new()
    {
        MessageId = id,
        Source = source,
        Category = DeadLetterCategories.Mapping,
        Reason = "no room mapping for DBL",
        Attempts = 1,
        OriginalMessage = original,
        DeadLetteredAt = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero),
    };
}
