using Beds24.Api.Errors;
using Beds24.Api.Models;
using Beds24.Simulator;
using Beds24.Testing;
using Beds24Sync.Push;

namespace Beds24Sync.IntegrationTests.Push;

/// <summary>Booking writes of many reservations in one POST, against the simulator: each caller gets its own item's answer.</summary>
[Collection(TestCollections.Azurite)]
public sealed class BookingWriteCoalescerTests(AzuriteFixture azurite)
{
    private static Task<SyncHarness> StartAsync(AzuriteFixture azurite) =>
        SyncHarness.StartAsync(azurite, settings: new() { ["Push:WriteCoalescingWindow"] = "00:00:00.300", ["Push:MaxBookingsPerWrite"] = "50" });

    private static Beds24Booking Create(SyncHarness h, int i, long? roomId = null) => new()
    {
        RoomId = roomId ?? h.DoubleRoomId,
        Arrival = SyncHarness.Future.AddDays(i % 20),
        Departure = SyncHarness.Future.AddDays(i % 20 + 1),
        FirstName = "Guest",
        LastName = $"N{i}",
        Status = "confirmed",
    };

    [Fact]
    public async Task WriteAsync_TwentyConcurrentWritesOneRefused_OnePostAndOnlyThatOneFails()
    {
        await using var h = await StartAsync(azurite);
        var writes = h.Get<BookingWriteCoalescer>();
        h.Simulator.State.ResetCounters();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            writes.WriteAsync(SyncHarness.AccountId, Create(h, i, roomId: i == 7 ? 999_999 : null), CancellationToken.None)));

        Assert.Equal(1, h.Simulator.State.RequestCount("POST", "bookings"));
        Assert.False(results[7].Result.Success);
        Assert.All(results.Where((_, i) => i != 7), r => Assert.True(r.Result.Success));
        Assert.Equal(19, h.Simulator.State.GetBookings(h.Owner).Count);
    }

    [Fact]
    public async Task WriteAsync_AnswerLostAfterApply_EveryCallerLearnsTheOutcomeIsUnknown()
    {
        await using var h = await StartAsync(azurite);
        var writes = h.Get<BookingWriteCoalescer>();
        h.Simulator.Faults.LoseAnswerNext(1, LostAnswer.BadGateway, "bookings");

        var calls = Enumerable.Range(0, 5).Select(i => writes.WriteAsync(SyncHarness.AccountId, Create(h, i), CancellationToken.None)).ToList();

        foreach (var call in calls)
        {
            await Assert.ThrowsAsync<Beds24WriteOutcomeUnknownException>(() => call);
        }

        Assert.Equal(1, h.Simulator.State.RequestCount("POST", "bookings")); // a batch holding creates is never resent
        Assert.Equal(5, h.Simulator.State.GetBookings(h.Owner).Count); // applied: each push now looks for its marker
    }

    [Fact]
    public async Task WriteAsync_WholeRequestRefused_EachItemIsSentAloneAndWritten()
    {
        await using var h = await StartAsync(azurite);
        var writes = h.Get<BookingWriteCoalescer>();
        h.Simulator.Faults.FailNext(1, 400, "bookings");

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => writes.WriteAsync(SyncHarness.AccountId, Create(h, i), CancellationToken.None)));

        Assert.All(results, r => Assert.True(r.Result.Success));
        Assert.Equal(1 + 4, h.Simulator.State.RequestCount("POST", "bookings"));
        Assert.Equal(4, h.Simulator.State.GetBookings(h.Owner).Count);
    }

    /// <summary>What a lost POST left in Beds24: marked creates sent at <c>sentAt</c>, arrivals over 19 days, among others' bookings made earlier.</summary>
    private static async Task<DateTimeOffset> SeedLostBatchAsync(SyncHarness h, int reservations)
    {
        var writes = h.Get<BookingWriteCoalescer>();
        await Task.WhenAll(Enumerable.Range(0, 30).Select(i => writes.WriteAsync(SyncHarness.AccountId, Create(h, i) with { LastName = $"Earlier{i}" }, CancellationToken.None)));
        await Task.Delay(TimeSpan.FromSeconds(1.2)); // booking times have whole seconds: the batch is sent strictly later
        var sentAt = DateTimeOffset.UtcNow + CreatedBookingFinder.BookingTimeMargin;
        await Task.WhenAll(Enumerable.Range(0, reservations).Select(i => writes.WriteAsync(SyncHarness.AccountId,
            Create(h, i % 10 * 2) with { LastName = $"M{i}", InfoItems = [BookingLinks.BookingIdentity.MarkerFor($"LB-{i}")] }, CancellationToken.None)));
        return sentAt;
    }

    private static Task<Beds24Booking?[]> LookAsync(SyncHarness h, int reservations, DateTimeOffset sentAt) =>
        Task.WhenAll(Enumerable.Range(0, reservations + 2).Select(i => h.Get<CreatedBookingFinder>().FindAsync(SyncHarness.AccountId,
            new BookingLinks.PendingCreate(h.DoubleRoomId, SyncHarness.Future.AddDays(i < reservations ? i % 10 * 2 : 1), SyncHarness.Future.AddDays(i % 10 * 2 + 1), 1, sentAt),
            i < reservations ? $"LB-{i}" : $"NEVER-CREATED-{i}", CancellationToken.None)));

    private static void AssertEachFoundOnlyItsOwn(Beds24Booking?[] found, int reservations)
    {
        for (var i = 0; i < reservations; i++)
        {
            Assert.Equal($"LB-{i}", found[i] is { } booking ? BookingLinks.BookingIdentity.MarkedReservationId(booking) : null);
        }

        Assert.Null(found[reservations]); // no create of its own: nothing, even though others' bookings share its room and day
        Assert.Null(found[reservations + 1]);
        Assert.Equal(reservations, found.Where(b => b is not null).Select(b => b!.Id).Distinct().Count());
    }

    [Fact]
    public async Task FindAsync_LooksAfterALostBatch_OneBookingTimeReadAnswersThoseMadeAndOneArrivalReadTheRest()
    {
        await using var h = await StartAsync(azurite);
        const int reservations = 20;
        // Our clock ahead of the booking times by the whole margin: the read still starts early enough.
        var sentAt = await SeedLostBatchAsync(h, reservations);
        h.Simulator.State.ResetCounters();

        var found = await LookAsync(h, reservations, sentAt);

        AssertEachFoundOnlyItsOwn(found, reservations);
        // One read of what was made since the batch was sent (whatever the arrivals), then one of the two unanswered
        // looks' arrival day — not one per reservation, nor one per 7 days of arrivals (3).
        Assert.Equal(2, h.Simulator.State.RequestCount("GET", "bookings"));
    }

    [Theory]
    [InlineData(10)] // Beds24 reads bookingTimeFrom as the time of a property ahead of UTC: more bookings, same answers
    [InlineData(-5)] // behind UTC: the booking-time read sees none of them, the arrival reads find every one
    public async Task FindAsync_BookingTimeFilterReadAsPropertyTime_EachLookStillFindsOnlyItsOwn(int hoursAheadOfUtc)
    {
        await using var h = await SyncHarness.StartAsync(azurite, settings: new() { ["Push:WriteCoalescingWindow"] = "00:00:00.300" },
            simulatorOptions: new SimulatorOptions { CreditLimit = 1_000_000m, BookingTimeFilterOffset = TimeSpan.FromHours(hoursAheadOfUtc) });
        const int reservations = 20;
        var sentAt = await SeedLostBatchAsync(h, reservations);

        AssertEachFoundOnlyItsOwn(await LookAsync(h, reservations, sentAt), reservations);
    }

    [Fact]
    public async Task FindAsync_BookingTimeReadRefused_ArrivalReadsAnswerEveryLook()
    {
        await using var h = await StartAsync(azurite);
        const int reservations = 20;
        var sentAt = await SeedLostBatchAsync(h, reservations);
        h.Simulator.Faults.FailNext(1, 400, "bookings");

        AssertEachFoundOnlyItsOwn(await LookAsync(h, reservations, sentAt), reservations);
    }

    [Fact]
    public async Task Push_BurstOfCreatesAnsweredWithoutIds_EachBoundByOneSharedReadNotOnePerArrivalWeek()
    {
        await using var h = await SyncHarness.StartAsync(azurite, settings: new() { ["Push:WriteCoalescingWindow"] = "00:00:02" },
            simulatorOptions: new SimulatorOptions { CreditLimit = 1_000_000m, WriteResultsAsFieldLists = true });
        const int reservations = 30;
        for (var i = 0; i < reservations; i++)
        {
            // Arrivals over 60 days: by arrival week alone, the looks would take 9 reads.
            await h.SendAsync(Storage.StorageNames.Queues.PushBookings, SyncHarness.Booking($"FL-{i}", 1, arrival: SyncHarness.Future.AddDays(i * 2), nights: 1));
        }

        await h.DrainAsync(Storage.StorageNames.Queues.PushBookings, TimeSpan.FromMinutes(2), [TimeSpan.FromMilliseconds(300)], parallelism: 32);

        Assert.Equal(reservations, h.Simulator.State.GetBookings(h.Owner).Count);
        var links = h.Get<BookingLinks.IBookingLinkStore>();
        var bound = new HashSet<long>();
        for (var i = 0; i < reservations; i++)
        {
            var link = await links.GetByReservationAsync(SyncHarness.AccountId, $"FL-{i}", CancellationToken.None);
            Assert.True(link?.Beds24BookingId is { } id && bound.Add(id) && h.Simulator.State.GetBooking(id)!.PmsReservationId() == $"FL-{i}", $"FL-{i} is not bound to its own booking");
        }

        // Per POST of creates, one look read (the queue hands the host its messages in batches of 32).
        Assert.True(h.Simulator.State.RequestCount("GET", "bookings") <= h.Simulator.State.RequestCount("POST", "bookings"),
            $"{h.Simulator.State.RequestCount("GET", "bookings")} reads for {h.Simulator.State.RequestCount("POST", "bookings")} POSTs");
        Assert.Empty(await h.DeadLettersAsync());
    }

    [Fact]
    public async Task Push_CreateAnsweredWithoutIdAfterWaitingForItsBatch_LooksOnlySinceItsPostLeft()
    {
        // The create waits 8 s for its batch (a quiet gap with nothing else joining); meanwhile Beds24 takes 150 other
        // bookings in the same room. The look starts from when the POST left (less the clock margin), not from when
        // the push recorded the create in flight, so it does not page through those 150.
        await using var h = await SyncHarness.StartAsync(azurite, settings: new() { ["Push:WriteCoalescingWindow"] = "00:00:08", ["Push:LongestCoalescingWait"] = "00:00:08" },
            simulatorOptions: new SimulatorOptions { CreditLimit = 1_000_000m, WriteResultsAsFieldLists = true });
        await h.SendAsync(Storage.StorageNames.Queues.PushBookings, SyncHarness.Booking("WAIT-1", 1, arrival: SyncHarness.Future, nights: 1));
        var drained = h.DrainAsync(Storage.StorageNames.Queues.PushBookings, TimeSpan.FromMinutes(1), [TimeSpan.FromMilliseconds(300)]);
        var links = h.Get<BookingLinks.IBookingLinkStore>();
        while ((await links.GetByReservationAsync(SyncHarness.AccountId, "WAIT-1", CancellationToken.None))?.CreateInFlight is null)
        {
            await Task.Delay(50);
        }

        // At once: they are made after the push recorded its create in flight, and well before the POST leaves
        // (8 s later, less the 5 s clock margin), however slowly this test saw the link change.
        h.Simulator.State.SeedBookings(Enumerable.Range(0, 150).Select(i => new SimBooking
        {
            OwnerId = h.Owner,
            PropertyId = h.Beds24PropertyId,
            RoomId = h.DoubleRoomId,
            Arrival = SyncHarness.Future.AddDays(30 + i % 20),
            Departure = SyncHarness.Future.AddDays(31 + i % 20),
            LastName = $"Other{i}",
        }));
        h.Simulator.State.ResetCounters();

        await drained;

        var link = await links.GetByReservationAsync(SyncHarness.AccountId, "WAIT-1", CancellationToken.None);
        Assert.Equal("WAIT-1", link?.Beds24BookingId is { } id ? h.Simulator.State.GetBooking(id)!.PmsReservationId() : null);
        Assert.Equal(1, h.Simulator.State.RequestCount("POST", "bookings"));
        Assert.Equal(1, h.Simulator.State.RequestCount("GET", "bookings")); // one page: the 150 were made before the POST left
        Assert.Empty(await h.DeadLettersAsync());
    }

    [Fact]
    public async Task Push_BatchedCreatesAnswerLost_EachReservationBoundToItsOwnBookingAndNoDuplicate()
    {
        // Creates batched (a 2 s window); the first POST's answer is lost after Beds24 applied it.
        await using var h = await SyncHarness.StartAsync(azurite, settings: new() { ["Push:WriteCoalescingWindow"] = "00:00:02" });
        const int reservations = 20;
        h.Simulator.Faults.LoseAnswerNext(1, LostAnswer.BadGateway, "bookings");
        for (var i = 0; i < reservations; i++)
        {
            await h.SendAsync(Storage.StorageNames.Queues.PushBookings, SyncHarness.Booking($"LB-{i}", 1, arrival: SyncHarness.Future.AddDays(i % 10), nights: 1));
        }

        await h.DrainAsync(Storage.StorageNames.Queues.PushBookings, TimeSpan.FromMinutes(2), [TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(600), TimeSpan.FromSeconds(1)], parallelism: 32);

        Assert.Equal(reservations, h.Simulator.State.GetBookings(h.Owner).Count); // the lost batch applied once, nothing created twice
        var links = h.Get<BookingLinks.IBookingLinkStore>();
        var bound = new HashSet<long>();
        for (var i = 0; i < reservations; i++)
        {
            var link = await links.GetByReservationAsync(SyncHarness.AccountId, $"LB-{i}", CancellationToken.None);
            Assert.True(link?.Beds24BookingId is { } id && bound.Add(id), $"LB-{i} is not bound to a booking of its own");
            Assert.Null(link!.CreateInFlight);
        }

        Assert.Empty(await h.DeadLettersAsync());
    }
}
