using Beds24.Testing;
using Beds24Sync.Calendar;
using Beds24Sync.Contracts;
using Beds24Sync.Core;
using Beds24Sync.Storage;
using Xunit.Abstractions;

namespace Beds24Sync.IntegrationTests.Push;

/// <summary>PMS → Beds24 calendar: queue → intake → pending cells → one coalesced POST.</summary>
[Collection(TestCollections.Azurite)]
public sealed class CalendarPushTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static PmsCalendarMessage Change(long version, string roomType, int dayOffset, int days, int? availability = null, decimal? price = null, int? minStay = null, string? ratePlan = "BAR") => new()
    {
        MessageId = $"cal-{version}-{Guid.NewGuid():N}",
        AccountId = SyncHarness.AccountId,
        Version = version,
        PropertyId = SyncHarness.PmsProperty,
        RoomTypeId = roomType,
        RatePlanId = ratePlan,
        From = SyncHarness.Future.AddDays(dayOffset),
        To = SyncHarness.Future.AddDays(dayOffset + days - 1),
        Availability = availability,
        Price = price,
        MinStay = minStay,
    };

    [Fact]
    public async Task Burst_FiveHundredChanges_GoOutInOneCallWithLastWriteWins()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        var random = new Random(42);
        var expected = new Dictionary<(string Room, int Day), (long Version, decimal Price)>();
        for (var version = 1; version <= 500; version++)
        {
            var room = random.Next(2) == 0 ? SyncHarness.PmsDouble : SyncHarness.PmsSuite;
            var day = random.Next(60);
            var price = 100m + random.Next(100);
            // Versions arrive shuffled within small windows: the highest version per cell must win.
            var shuffledVersion = version + (version % 3 == 0 ? 1000 : 0);
            await h.SendAsync(StorageNames.Queues.PushCalendar, Change(shuffledVersion, room, day, 1, price: price));
            if (!expected.TryGetValue((room, day), out var current) || shuffledVersion > current.Version)
            {
                expected[(room, day)] = (shuffledVersion, price);
            }
        }

        await h.IntakeCalendarQueueAsync();
        h.Simulator.State.ResetCounters();
        var result = await h.Get<CalendarFlushService>().FlushAsync(SyncHarness.AccountId, CancellationToken.None);
        var again = await h.Get<CalendarFlushService>().FlushAsync(SyncHarness.AccountId, CancellationToken.None);

        Assert.Equal(1, result.Beds24Calls);
        Assert.Equal(0, again.Beds24Calls);
        Assert.Equal(1, h.Simulator.State.RequestCount("POST", "inventory/rooms/calendar"));
        foreach (var ((room, day), (_, price)) in expected)
        {
            var roomId = room == SyncHarness.PmsDouble ? h.DoubleRoomId : h.SuiteRoomId;
            Assert.Equal(price, h.Simulator.State.GetCalendarDay(roomId, SyncHarness.Future.AddDays(day))!.Prices[1]);
        }

        output.WriteLine($"500 calendar changes -> {result.Cells} cells, {result.Ranges} ranges, {result.Beds24Calls} Beds24 call(s), {h.Simulator.State.CreditsSpent(h.Owner):F2} credits");
    }

    [Fact]
    public async Task LateOlderVersion_AfterFlush_IsDroppedNotSent()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        var intake = h.Get<CalendarPushIntake>();
        await intake.AcceptAsync(SyncHarness.Json(Change(10, SyncHarness.PmsDouble, 0, 7, availability: 3, minStay: 2)), CancellationToken.None);
        await h.Get<CalendarFlushService>().FlushAsync(SyncHarness.AccountId, CancellationToken.None);

        var late = await intake.AcceptAsync(SyncHarness.Json(Change(9, SyncHarness.PmsDouble, 0, 7, availability: 1)), CancellationToken.None);
        var flush = await h.Get<CalendarFlushService>().FlushAsync(SyncHarness.AccountId, CancellationToken.None);

        Assert.Equal(0, late.CellsChanged);
        Assert.Equal(0, flush.Beds24Calls);
        Assert.Equal(3, h.Simulator.State.GetCalendarDay(h.DoubleRoomId, SyncHarness.Future)!.NumAvail);
        Assert.Equal(2, h.Simulator.State.GetCalendarDay(h.DoubleRoomId, SyncHarness.Future.AddDays(6))!.MinStay);
    }

    [Fact]
    public async Task UnknownRatePlan_IsDeadLetteredAsMapping()
    {
        await using var h = await SyncHarness.StartAsync(azurite);

        await h.SendAsync(StorageNames.Queues.PushCalendar, Change(1, SyncHarness.PmsDouble, 0, 3, price: 120m, ratePlan: "CORPORATE"));
        await h.IntakeCalendarQueueAsync();

        var dead = Assert.Single(await h.DeadLettersAsync());
        Assert.Equal(DeadLetterCategories.Mapping, dead.Message.Category);
        Assert.Contains("CORPORATE", dead.Message.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flush_Beds24Down_KeepsCellsForTheNextFlush()
    {
        await using var h = await SyncHarness.StartAsync(azurite, settings: new() { ["Beds24:Retry:MaxRetries"] = "0" });
        await h.Get<CalendarPushIntake>().AcceptAsync(SyncHarness.Json(Change(1, SyncHarness.PmsSuite, 0, 2, availability: 0)), CancellationToken.None);
        h.Simulator.Faults.FailNext(1, 503, "inventory");

        await Assert.ThrowsAsync<Beds24Sync.Core.SyncFailureException>(() => h.Get<CalendarFlushService>().FlushAsync(SyncHarness.AccountId, CancellationToken.None));
        var retry = await h.Get<CalendarFlushService>().FlushAsync(SyncHarness.AccountId, CancellationToken.None);

        Assert.Equal(1, retry.Beds24Calls);
        Assert.Equal(0, h.Simulator.State.GetCalendarDay(h.SuiteRoomId, SyncHarness.Future)!.NumAvail);
    }

    [Fact]
    public async Task BlackoutLifted_WithoutAvailabilityInTheMessage_KeepsBeds24sNumAvail()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        var flush = h.Get<CalendarFlushService>();
        // Day 0: the PMS set availability 1 earlier; day 1: the PMS never sent availability (Beds24 has 1 there too).
        await h.SendAsync(StorageNames.Queues.PushCalendar, Change(1, SyncHarness.PmsDouble, 0, 1, availability: 1, ratePlan: null) with { Restriction = "blackout" });
        await h.SendAsync(StorageNames.Queues.PushCalendar, Change(1, SyncHarness.PmsDouble, 1, 1, ratePlan: null) with { Restriction = "blackout" });
        await h.IntakeCalendarQueueAsync();
        h.Simulator.State.SeedBookings(Enumerable.Range(0, 4).Select(_ => new Beds24.Simulator.SimBooking { RoomId = h.DoubleRoomId, Arrival = SyncHarness.Future.AddDays(1), Departure = SyncHarness.Future.AddDays(2) }));
        await flush.FlushAsync(SyncHarness.AccountId, CancellationToken.None);

        await h.SendAsync(StorageNames.Queues.PushCalendar, Change(2, SyncHarness.PmsDouble, 0, 2, ratePlan: null) with { Restriction = "none" });
        await h.IntakeCalendarQueueAsync();
        await flush.FlushAsync(SyncHarness.AccountId, CancellationToken.None);

        // Without numAvail beside the override, Beds24 would reset both days to the maximum (5): an overbooking window.
        Assert.Equal(1, h.Simulator.State.GetCalendarDay(h.DoubleRoomId, SyncHarness.Future)!.NumAvail);
        Assert.Equal(1, h.Simulator.State.GetAvailability(h.DoubleRoomId, SyncHarness.Future.AddDays(1)));
        Assert.Equal("none", h.Simulator.State.GetCalendarDay(h.DoubleRoomId, SyncHarness.Future.AddDays(1))!.Override);
    }

    [Fact]
    public async Task RoomRefusedByBeds24_KeepsItsCellsUntilTheDeadLetterIsReplayed()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        await h.Get<Beds24Sync.Mapping.IMappingStore>().SaveRoomAsync(new Beds24Sync.Mapping.RoomMapping
        {
            AccountId = SyncHarness.AccountId,
            PmsPropertyId = SyncHarness.PmsProperty,
            PmsRoomTypeId = "GHOST",
            Beds24PropertyId = h.Beds24PropertyId,
            Beds24RoomId = 999_999, // not a room of this Beds24 account: refused per item
        }, CancellationToken.None);
        await h.SendAsync(StorageNames.Queues.PushCalendar, Change(1, "GHOST", 0, 3, minStay: 2));
        await h.SendAsync(StorageNames.Queues.PushCalendar, Change(1, SyncHarness.PmsSuite, 0, 3, minStay: 2));
        await h.IntakeCalendarQueueAsync();
        var flush = h.Get<CalendarFlushService>();

        var first = await flush.FlushAsync(SyncHarness.AccountId, CancellationToken.None);
        var quiet = await flush.FlushAsync(SyncHarness.AccountId, CancellationToken.None);
        var dead = Assert.Single(await h.DeadLettersAsync());
        await h.Get<Beds24Sync.DeadLetters.IDeadLetterStore>().ReplayAsync(dead.Message.MessageId, CancellationToken.None);
        var replayed = await flush.FlushAsync(SyncHarness.AccountId, CancellationToken.None);

        Assert.Equal((1, 1), (first.RoomsRefused, first.Beds24Calls));
        Assert.Equal(2, h.Simulator.State.GetCalendarDay(h.SuiteRoomId, SyncHarness.Future)!.MinStay); // the other room went out
        Assert.Equal(0, quiet.Beds24Calls); // refused cells are not resent by themselves
        Assert.Equal((1, 1, 3), (replayed.Beds24Calls, replayed.RoomsRefused, replayed.Cells)); // the replay sent the kept cells again
        Assert.Contains("replay", dead.Message.Reason, StringComparison.OrdinalIgnoreCase);
    }
}
