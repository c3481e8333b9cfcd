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

/// <summary>Beds24 → PMS: webhooks, inbound processing, pulls and reconciliation on Azurite and the simulator.</summary>
[Collection(TestCollections.Azurite)]
public sealed class InboundTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static SimBooking Guest(long room, int dayOffset = 0, string channel = "booking", string? email = "guest@example.com") => new()
    {
        RoomId = room,
        Arrival = SyncHarness.Future.AddDays(dayOffset),
        Departure = SyncHarness.Future.AddDays(dayOffset + 2),
        FirstName = "Gus",
        LastName = "Guest",
        Email = email,
        Channel = channel,
        Price = 250m,
    };

    private static WebhookRequest Webhook(string body, string? secret = SyncHarness.WebhookSecret, string? account = SyncHarness.AccountId, long? contentLength = null)
    {
        var headers = new Dictionary<string, string>();
        if (secret is not null)
        {
            headers["x-beds24-secret"] = secret;
        }

        var query = account is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["account"] = account };
        var bytes = Encoding.UTF8.GetBytes(body);
        return new WebhookRequest(headers, query, new MemoryStream(bytes), contentLength ?? bytes.Length);
    }

    private static string V2(SimBooking b, string? timeStamp = null) =>
        $$"""{"timeStamp":"{{timeStamp ?? "2026-11-24T10:00:00Z"}}","booking":{"id":{{b.Id}},"propertyId":{{b.PropertyId}},"roomId":{{b.RoomId}},"status":"{{b.Status}}","numAdult":{{b.NumAdult}},"modifiedTime":"{{b.ModifiedTime:yyyy-MM-ddTHH:mm:ssZ}}"},"infoItems":[],"invoiceItems":[],"messages":[],"retries":0}""";

    [Fact]
    public async Task WebhookStorm_DuplicatesAndOutOfOrder_YieldOneMessagePerBookingVersion()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        var intake = h.Get<WebhookIntake>();
        var a = h.Simulator.State.AddBooking(Guest(h.DoubleRoomId));
        var b = h.Simulator.State.AddBooking(Guest(h.DoubleRoomId, 3));
        var aModified = h.Simulator.State.ModifyBooking(a.Id, x => x with { NumAdult = 3 });

        // Every version delivered three times, newest of A first.
        foreach (var body in new[] { V2(aModified), V2(a), V2(b), V2(aModified), V2(b), V2(a), V2(aModified), V2(b), V2(a) })
        {
            var response = await intake.HandleAsync(Webhook(body), CancellationToken.None);
            Assert.Equal(200, response.Status);
        }

        await h.DrainAsync(StorageNames.Queues.Beds24Inbound);
        var messages = await h.TakePmsMessagesAsync();

        // The processor re-reads Beds24, so both hints for A see its current (modified) state: one message for A, one for B.
        Assert.Equal(2, messages.Count);
        Assert.Equal(3, messages.Single(m => m.Beds24BookingId == a.Id).Reservation.Adults);
        Assert.All(messages, m => Assert.Equal(BookingChangeTypes.Created, m.ChangeType));
        Assert.All(messages, m => Assert.Equal($"beds24-{m.Beds24BookingId}", m.Reservation.ReservationId));

        // A later real change is one more message; replaying the old hints adds nothing.
        var aAgain = h.Simulator.State.ModifyBooking(a.Id, x => x with { NumAdult = 4 });
        await intake.HandleAsync(Webhook(V2(aAgain)), CancellationToken.None);
        await intake.HandleAsync(Webhook(V2(a, "2026-11-24T11:00:00Z")), CancellationToken.None);
        await h.DrainAsync(StorageNames.Queues.Beds24Inbound);
        var later = Assert.Single(await h.TakePmsMessagesAsync());
        Assert.Equal(BookingChangeTypes.Modified, later.ChangeType);
        Assert.Equal(4, later.Reservation.Adults);
    }

    [Fact]
    public async Task HintStorm_ConcurrentWorkersDuplicatesAndLateHints_YieldExactlyOneMessagePerBookingVersion()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        var bookings = Enumerable.Range(0, 6).Select(i => h.Simulator.State.AddBooking(Guest(i % 2 == 0 ? h.DoubleRoomId : h.SuiteRoomId, i * 3))).ToList();
        var ids = bookings.Select(b => b.Id).ToList();

        // Round 1: every booking hinted six times (webhook retries, pulls), processed by four workers at once.
        await HintAsync(h, ids, copies: 6);
        await DrainConcurrentlyAsync(h, workers: 4);
        var first = await h.TakePmsMessagesAsync();

        // Round 2: two bookings change, one is cancelled; old and new hints arrive mixed, again concurrently.
        h.Simulator.State.ModifyBooking(ids[0], x => x with { NumAdult = 3 });
        h.Simulator.State.ModifyBooking(ids[1], x => x with { Departure = x.Departure.AddDays(1) });
        h.Simulator.State.CancelBooking(ids[2]);
        await HintAsync(h, [.. ids, .. ids.Take(3)], copies: 5);
        await DrainConcurrentlyAsync(h, workers: 4);
        var second = await h.TakePmsMessagesAsync();

        Assert.Equal(ids.Order(), first.Select(m => m.Beds24BookingId).Order());
        Assert.Equal(ids.Take(3).Order(), second.Select(m => m.Beds24BookingId).Order());
        Assert.All(first.Concat(second).GroupBy(m => (m.Beds24BookingId, m.ContentHash)), version => Assert.Single(version));
        Assert.Equal(BookingChangeTypes.Cancelled, second.Single(m => m.Beds24BookingId == ids[2]).ChangeType);
        var links = await h.Get<Beds24Sync.BookingLinks.IBookingLinkStore>().ListAsync(SyncHarness.AccountId, null, CancellationToken.None).ToListAsync();
        Assert.All(links, l => Assert.Null(l.PendingPublishHash));
        output.WriteLine($"{first.Count + second.Count} PMS messages for {6 * 6 + 9 * 5} hints");
    }

    private static async Task HintAsync(SyncHarness h, IEnumerable<long> ids, int copies)
    {
        var items = ids.SelectMany(id => Enumerable.Range(0, copies).Select(c => new InboundWorkItem
        {
            MessageId = $"storm-{id}-{c}-{Guid.NewGuid():N}",
            AccountId = SyncHarness.AccountId,
            Source = c % 2 == 0 ? InboundSources.Webhook : InboundSources.Pull,
            BookingIds = [id],
            CreatedAt = DateTimeOffset.UtcNow,
        }));
        foreach (var item in items.OrderBy(_ => Random.Shared.Next()))
        {
            await h.SendAsync(StorageNames.Queues.Beds24Inbound, item);
        }
    }

    private static async Task DrainConcurrentlyAsync(SyncHarness h, int workers)
    {
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            var worker = await h.WorkerAsync(StorageNames.Queues.Beds24Inbound);
            while (await worker.RunOnceAsync(3, CancellationToken.None) > 0)
            {
            }
        })));
        await h.DrainAsync(StorageNames.Queues.Beds24Inbound); // whatever waits out a retry delay
    }

    [Fact]
    public async Task GuestLinks_KeepNoRawEmailOrPhone()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        await h.Get<Beds24Sync.Guests.GuestLinkStore>().LinkAsync(SyncHarness.AccountId, "G-1", 42, "ann@example.com", "+442079460958", CancellationToken.None);

        var rows = await h.Get<StorageClients>().Table(StorageNames.Tables.GuestLinks).QueryAsync<Azure.Data.Tables.TableEntity>().ToListAsync();

        Assert.Equal(3, rows.Count);
        var stored = string.Join("\n", rows.Select(r => string.Join(" ", r.Select(p => $"{p.Key}={p.Value}"))));
        Assert.DoesNotContain("ann@example.com", stored, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("2079460958", stored, StringComparison.Ordinal);
        Assert.Equal(["G-1"], (await h.Get<Beds24Sync.Guests.GuestLinkStore>().FindByEmailAsync(SyncHarness.AccountId, "ann@example.com", CancellationToken.None)));
    }

    [Fact]
    public async Task WebhooksFromTheSimulator_OverHttpThroughTheIntake_ArePublished()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        var intake = h.Get<WebhookIntake>();
        await using var receiver = await WebhookReceiver.StartAsync(intake);
        h.Simulator.State.ConfigureBookingWebhook(h.Beds24PropertyId, new Uri(receiver.Url, $"?account={SyncHarness.AccountId}"),
            new Dictionary<string, string> { ["X-Beds24-Secret"] = SyncHarness.WebhookSecret });
        h.Simulator.Faults.DuplicateWebhooks = true;

        var booking = h.Simulator.State.AddBooking(Guest(h.DoubleRoomId));
        h.Simulator.State.CancelBooking(booking.Id);
        await h.Simulator.DrainWebhooksAsync();
        await h.DrainAsync(StorageNames.Queues.Beds24Inbound);

        var messages = await h.TakePmsMessagesAsync();
        Assert.Equal(4, receiver.Received);
        var message = Assert.Single(messages); // both hints re-read the booking, which is cancelled by then
        Assert.Equal(BookingChangeTypes.Cancelled, message.ChangeType);
        Assert.Equal(PmsReservationStatuses.Cancelled, message.Reservation.Status);
    }

    [Fact]
    public async Task LostWebhook_IsCaughtByTheNextIncrementalPull_AndCancellationsFlow()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        var pull = h.Get<IncrementalPullService>();
        await pull.RunAsync(SyncHarness.AccountId, CancellationToken.None);
        h.Simulator.State.ResetCounters();

        var quiet = await pull.RunAsync(SyncHarness.AccountId, CancellationToken.None);
        var creditsForNothing = h.Simulator.State.CreditsSpent(h.Owner);
        Assert.Equal(0, quiet.BookingsSeen);

        var booking = h.Simulator.State.AddBooking(Guest(h.DoubleRoomId)); // no webhook configured: "lost"
        var first = await pull.RunAsync(SyncHarness.AccountId, CancellationToken.None);
        h.Simulator.State.CancelBooking(booking.Id);
        var second = await pull.RunAsync(SyncHarness.AccountId, CancellationToken.None);

        var messages = await h.TakePmsMessagesAsync();
        Assert.Equal(1, first.BookingsSeen);
        Assert.Equal([BookingChangeTypes.Created, BookingChangeTypes.Cancelled], messages.Select(m => m.ChangeType));
        Assert.True(second.BookingsSeen >= 1);
        output.WriteLine($"incremental pull with no changes: {creditsForNothing:F2} credits");
        Assert.True(creditsForNothing <= 2m, $"an empty pull cost {creditsForNothing} credits");
    }

    [Fact]
    public async Task IncrementalPull_TwoOverlappingRuns_SecondSkips()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        var cursors = h.Get<SyncCursorStore>();
        var leased = await cursors.TryLeaseAsync(SyncHarness.AccountId, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5), CancellationToken.None);
        Assert.NotNull(leased);

        var result = await h.Get<IncrementalPullService>().RunAsync(SyncHarness.AccountId, CancellationToken.None);

        Assert.True(result.Skipped);
        Assert.Equal(0, h.Simulator.State.RequestCount("GET", "bookings"));
    }

    [Fact]
    public async Task IncrementalPull_Beds24FailsMidWindow_CursorDoesNotMove()
    {
        await using var h = await SyncHarness.StartAsync(azurite, settings: new() { ["Beds24:Retry:MaxRetries"] = "0" });
        var pull = h.Get<IncrementalPullService>();
        await pull.RunAsync(SyncHarness.AccountId, CancellationToken.None);
        var before = await h.Get<SyncCursorStore>().GetAsync(SyncHarness.AccountId, CancellationToken.None);
        h.Simulator.State.AddBooking(Guest(h.DoubleRoomId));
        h.Simulator.Faults.FailNext(1, 500, "bookings");

        await Assert.ThrowsAnyAsync<Exception>(() => pull.RunAsync(SyncHarness.AccountId, CancellationToken.None));
        var after = await h.Get<SyncCursorStore>().GetAsync(SyncHarness.AccountId, CancellationToken.None);
        var retry = await pull.RunAsync(SyncHarness.AccountId, CancellationToken.None);

        Assert.Equal(before!.Cursor, after!.Cursor);
        Assert.Null(after.LeaseUntil);
        Assert.Equal(1, retry.BookingsSeen);
        Assert.Single(await h.TakePmsMessagesAsync());
    }

    [Fact]
    public async Task FullPull_BookingDeletedInBeds24_IsReportedDeletedToThePms()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        var booking = h.Simulator.State.AddBooking(Guest(h.DoubleRoomId));
        await h.Get<FullPullService>().ReconcilePropertyAsync(SyncHarness.AccountId, h.Beds24PropertyId, CancellationToken.None);
        await h.TakePmsMessagesAsync();
        h.Simulator.State.DeleteBooking(booking.Id);

        var report = await h.Get<FullPullService>().ReconcilePropertyAsync(SyncHarness.AccountId, h.Beds24PropertyId, CancellationToken.None);

        Assert.Equal(1, report.DeletedReported);
        var message = Assert.Single(await h.TakePmsMessagesAsync());
        Assert.Equal(BookingChangeTypes.Deleted, message.ChangeType);
    }

    [Fact]
    public async Task OwnPush_ComingBackThroughAPull_IsNotSentToThePms()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        await h.Get<IncrementalPullService>().RunAsync(SyncHarness.AccountId, CancellationToken.None);
        await h.SendAsync(StorageNames.Queues.PushBookings, SyncHarness.Booking("RES-ECHO", 1));
        await h.DrainAsync(StorageNames.Queues.PushBookings);

        await h.Get<FullPullService>().ReconcilePropertyAsync(SyncHarness.AccountId, h.Beds24PropertyId, CancellationToken.None);

        Assert.Empty(await h.TakePmsMessagesAsync());
    }

    [Fact]
    public async Task GuestMatching_ByEmailAndPhone_UsesGuestsThePmsSent()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        var guests = h.Get<Beds24Sync.Guests.GuestLinkStore>();
        await guests.LinkAsync(SyncHarness.AccountId, "G-EMAIL", null, "ann@example.com", null, CancellationToken.None);
        await guests.LinkAsync(SyncHarness.AccountId, "G-PHONE", null, null, "+442079460958", CancellationToken.None);
        await guests.LinkAsync(SyncHarness.AccountId, "G-TWIN-1", null, "twin@example.com", null, CancellationToken.None);
        await guests.LinkAsync(SyncHarness.AccountId, "G-TWIN-2", null, "twin@example.com", null, CancellationToken.None);
        var byEmail = h.Simulator.State.AddBooking(Guest(h.DoubleRoomId, email: "  Ann@Example.COM "));
        var byPhone = h.Simulator.State.AddBooking(Guest(h.DoubleRoomId, 3, email: null) with { Phone = "020 7946 0958" });
        var ambiguous = h.Simulator.State.AddBooking(Guest(h.DoubleRoomId, 6, email: "twin@example.com"));
        var unknown = h.Simulator.State.AddBooking(Guest(h.DoubleRoomId, 9, email: "new@example.com"));

        await h.Get<IncrementalPullService>().RunAsync(SyncHarness.AccountId, CancellationToken.None);

        var matches = (await h.TakePmsMessagesAsync()).ToDictionary(m => m.Beds24BookingId, m => m.GuestMatch!);
        Assert.Equal(("email", "G-EMAIL"), (matches[byEmail.Id].Method, matches[byEmail.Id].PmsGuestId));
        Assert.Equal(("phone", "G-PHONE"), (matches[byPhone.Id].Method, matches[byPhone.Id].PmsGuestId));
        Assert.Equal("ambiguous", matches[ambiguous.Id].Method);
        Assert.Equal(["G-TWIN-1", "G-TWIN-2"], matches[ambiguous.Id].Candidates!.Order());
        Assert.Equal("new", matches[unknown.Id].Method);
    }

    [Fact]
    public async Task UnmappedRoom_IsDeadLetteredNotDropped()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        var unmapped = h.Simulator.State.AddRoom(h.Beds24PropertyId, "Annex", 1);
        h.Simulator.State.AddBooking(Guest(unmapped));
        h.Simulator.State.AddBooking(Guest(h.DoubleRoomId));

        await h.Get<IncrementalPullService>().RunAsync(SyncHarness.AccountId, CancellationToken.None);

        Assert.Single(await h.TakePmsMessagesAsync());
        var dead = Assert.Single(await h.DeadLettersAsync());
        Assert.Equal(DeadLetterCategories.Mapping, dead.Message.Category);
        Assert.Contains(unmapped.ToString(System.Globalization.CultureInfo.InvariantCulture), dead.Message.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wrong-secret", "harbour", """{"booking":{"id":1}}""", 401)]
    [InlineData(null, "harbour", """{"booking":{"id":1}}""", 401)]
    [InlineData(SyncHarness.WebhookSecret, null, """{"booking":{"id":1}}""", 400)]
    [InlineData(SyncHarness.WebhookSecret, "bad/account", """{"booking":{"id":1}}""", 400)]
    [InlineData(SyncHarness.WebhookSecret, "harbour", """{"booking":{"id":"x"}}""", 400)]
    [InlineData(SyncHarness.WebhookSecret, "harbour", """not json""", 400)]
    [InlineData(SyncHarness.WebhookSecret, "harbour", """[1,2,3]""", 400)]
    public async Task Webhook_SpoofedOrMalformed_IsRefusedWithProblemAndEnqueuesNothing(string? secret, string? account, string body, int status)
    {
        await using var h = await SyncHarness.StartAsync(azurite);

        var response = await h.Get<WebhookIntake>().HandleAsync(Webhook(body, secret, account), CancellationToken.None);

        Assert.Equal(status, response.Status);
        Assert.Contains("\"status\":" + status, response.ProblemJson, StringComparison.Ordinal);
        Azure.Storage.Queues.Models.QueueProperties queue = await h.Get<StorageClients>().Queue(StorageNames.Queues.Beds24Inbound).GetPropertiesAsync();
        Assert.Equal(0, queue.ApproximateMessagesCount);
    }

    [Fact]
    public async Task Webhook_Oversized_IsRefusedBeforeAndWhileReading()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        var intake = h.Get<WebhookIntake>();
        var huge = """{"booking":{"id":1},"pad":" """ + new string('x', 70_000) + "\"}";

        var declared = await intake.HandleAsync(Webhook(huge), CancellationToken.None);
        var undeclared = await intake.HandleAsync(Webhook(huge, contentLength: -1), CancellationToken.None);

        Assert.Equal(413, declared.Status);
        Assert.Equal(413, undeclared.Status);
    }
}
