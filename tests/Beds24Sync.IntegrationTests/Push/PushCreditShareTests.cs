using System.Diagnostics;
using Beds24.Api;
using Beds24.Api.Models;
using Beds24.Simulator;
using Beds24.Testing;
using Beds24Sync.Calendar;
using Beds24Sync.Contracts;
using Beds24Sync.Storage;
using Xunit.Abstractions;

namespace Beds24Sync.IntegrationTests.Push;

/// <summary>
/// Booking pushes and availability share one account's credits: booking pushes stop at their own reserve
/// (Beds24:BookingPushCreditReserve), so however long an initial load keeps them busy, a room that sells out still
/// reaches Beds24 in the same window.
/// </summary>
[Collection(TestCollections.Azurite)]
public sealed class PushCreditShareTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task FewCreditsLeft_AvailabilityGoesOutAtOnceWhileABookingPushWaitsForTheWindow()
    {
        // A short window so the test is short. 10 credits left: above the availability reserve (2), below the booking
        // pushes' (15): what an initial load leaves of a window.
        await using var h = await SyncHarness.StartAsync(azurite,
            simulatorOptions: new SimulatorOptions { CreditLimit = 40m, CreditWindow = TimeSpan.FromSeconds(8) },
            settings: new() { ["Beds24:MaxCreditWait"] = "00:01:00" });
        h.Simulator.State.SpendCreditsDownTo(h.Owner, 11m);
        // One read, so this process knows what is left (as it would from the load's own answers).
        await h.Get<IBeds24ClientFactory>().GetClient(SyncHarness.AccountId).GetBookingsAsync(new BookingQuery { Ids = [1] }).ToListAsync();
        await h.DurableAsync(); // the engine's start-up is not what the availability timing measures
        var clock = Stopwatch.StartNew();

        await h.SendAsync(StorageNames.Queues.PushBookings, SyncHarness.Booking("LOAD-1", 1, arrival: SyncHarness.Future.AddDays(100), nights: 1));
        var bookingPush = h.DrainAsync(StorageNames.Queues.PushBookings, TimeSpan.FromSeconds(60));
        var availability = Stopwatch.StartNew();
        await h.SendAsync(StorageNames.Queues.PushCalendar, SyncHarness.SoldOut("sold-out", SyncHarness.PmsSuite));
        await h.IntakeCalendarQueueAsync();
        await h.Get<CalendarFlushService>().FlushAsync(SyncHarness.AccountId, CancellationToken.None);
        var availabilityAfter = availability.Elapsed;
        var bookingsWhenAvailabilityWasIn = h.Simulator.State.GetBookings(h.Owner).Count;
        await bookingPush;
        var bookingAfter = clock.Elapsed;

        Assert.Equal(0, h.Simulator.State.GetCalendarDay(h.SuiteRoomId, SyncHarness.Future)!.NumAvail);
        Assert.True(availabilityAfter < TimeSpan.FromSeconds(3), $"the availability push took {availabilityAfter}");
        Assert.Equal(0, bookingsWhenAvailabilityWasIn);
        Assert.True(bookingAfter > TimeSpan.FromSeconds(4), $"the booking push went out after {bookingAfter}, before the window reset");
        Assert.Single(h.Simulator.State.GetBookings(h.Owner));
        Assert.Empty(await h.DeadLettersAsync());
        output.WriteLine($"10 credits left: availability in Beds24 after {availabilityAfter.TotalSeconds:0.0} s, the booking after {bookingAfter.TotalSeconds:0.0} s (the window reset)");
    }
}
