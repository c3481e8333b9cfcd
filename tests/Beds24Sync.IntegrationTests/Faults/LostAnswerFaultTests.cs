using Beds24.Simulator;
using Beds24.Testing;
using Beds24Sync.Calendar;
using Beds24Sync.Contracts;
using Beds24Sync.Core;
using Beds24Sync.Storage;
using Xunit.Abstractions;

namespace Beds24Sync.IntegrationTests.Faults;

/// <summary>
/// Beds24 applies a write and the answer is lost (a gateway 502, a reset connection, a timeout), for creates,
/// modifications and calendar pushes, mixed with ordinary failures: no booking twice, no false "not created", every
/// change in Beds24 at its newest version or dead-lettered with a true reason. Run both ways for the unverified
/// apiReference behaviour.
/// </summary>
[Collection(TestCollections.Azurite)]
public sealed class LostAnswerFaultTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnswersLostAfterApply_NoDuplicateNoFalseNotCreatedEverythingAccountedFor(bool serverKeepsApiReference)
    {
        await using var h = await SyncHarness.StartAsync(azurite,
            simulatorOptions: new SimulatorOptions { CreditLimit = 1_000_000m, KeepApiReferenceOnPost = serverKeepsApiReference },
            settings: new() { ["Beds24:AttemptTimeout"] = "00:00:01", ["Beds24:Retry:MaxRetries"] = "2", ["Beds24:CircuitBreaker:BreakDuration"] = "00:00:01" });
        IReadOnlyList<TimeSpan> retries = [TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(800)];
        const int reservations = 30;

        // Creates: every third answer lost, in all three ways, plus ordinary 503s.
        h.Simulator.Faults.LoseAnswerNext(4, LostAnswer.BadGateway, "bookings");
        h.Simulator.Faults.LoseAnswerNext(3, LostAnswer.Reset, "bookings");
        h.Simulator.Faults.LoseAnswerNext(2, LostAnswer.Timeout, "bookings");
        h.Simulator.Faults.FailNext(3, 503, "bookings");
        for (var i = 0; i < reservations; i++)
        {
            await h.SendAsync(StorageNames.Queues.PushBookings, SyncHarness.Booking($"L-{i}", 1, arrival: SyncHarness.Future.AddDays(i % 20), nights: 1));
        }

        await h.DrainAsync(StorageNames.Queues.PushBookings, TimeSpan.FromMinutes(2), retries);

        // Modifications (adding a night) with their answers lost too.
        h.Simulator.Faults.LoseAnswerNext(5, LostAnswer.BadGateway, "bookings");
        h.Simulator.Faults.LoseAnswerNext(2, LostAnswer.Reset, "bookings");
        for (var i = 0; i < reservations; i++)
        {
            await h.SendAsync(StorageNames.Queues.PushBookings, SyncHarness.Booking($"L-{i}", 2, arrival: SyncHarness.Future.AddDays(i % 20), nights: 2));
        }

        await h.DrainAsync(StorageNames.Queues.PushBookings, TimeSpan.FromMinutes(2), retries);

        // Calendar: the flush's answer is lost once; the next flush sends the same values again.
        for (var day = 0; day < 10; day++)
        {
            await h.SendAsync(StorageNames.Queues.PushCalendar, new PmsCalendarMessage
            {
                MessageId = $"cal-{day}",
                AccountId = SyncHarness.AccountId,
                Version = 10 + day,
                PropertyId = SyncHarness.PmsProperty,
                RoomTypeId = SyncHarness.PmsSuite,
                RatePlanId = "BAR",
                From = SyncHarness.Future.AddDays(60 + day),
                To = SyncHarness.Future.AddDays(60 + day),
                Price = 100m + day,
                MinStay = 2,
            });
        }

        await h.IntakeCalendarQueueAsync();
        h.Simulator.Faults.LoseAnswerNext(1, LostAnswer.BadGateway, "inventory/rooms/calendar");
        h.Simulator.Faults.LoseAnswerNext(1, LostAnswer.Reset, "inventory/rooms/calendar");
        var flush = h.Get<CalendarFlushService>();
        // As the flush orchestration does: rounds until one succeeds (a lost answer leaves the cells unsent; resending sets the same values).
        for (var round = 0; ; round++)
        {
            try
            {
                await flush.FlushAsync(SyncHarness.AccountId, CancellationToken.None);
                break;
            }
            catch (Beds24Sync.Core.SyncFailureException failure) when (failure.IsTransient && round < 5)
            {
                await Task.Delay(TimeSpan.FromSeconds(1.5));
            }
        }

        Assert.Equal(0, (await flush.FlushAsync(SyncHarness.AccountId, CancellationToken.None)).Cells);

        var ours = h.Simulator.State.GetBookings(h.Owner).Where(b => b.PmsReservationId()?.StartsWith("L-", StringComparison.Ordinal) == true).ToList();
        var deadLetters = await h.DeadLettersAsync();
        Assert.Equal(ours.Count, ours.Select(b => b.PmsReservationId()).Distinct().Count()); // never two bookings for one reservation
        for (var i = 0; i < reservations; i++)
        {
            var booking = ours.SingleOrDefault(b => b.PmsReservationId() == $"L-{i}");
            var dead = deadLetters.Where(d => d.Message.Subject == $"L-{i}").ToList();
            Assert.True(booking is not null || dead.Count > 0, $"L-{i} is neither in Beds24 nor dead-lettered");
            if (booking is not null && dead.Count == 0)
            {
                Assert.Equal(SyncHarness.Future.AddDays(i % 20 + 2), booking.Departure);
            }

            // "not created" only when Beds24 really has no booking of ours for it.
            Assert.All(dead, d => Assert.False(booking is not null && d.Message.Reason.Contains("NOT created", StringComparison.Ordinal), d.Message.Reason));
        }

        for (var day = 0; day < 10; day++)
        {
            var cell = h.Simulator.State.GetCalendarDay(h.SuiteRoomId, SyncHarness.Future.AddDays(60 + day))!;
            Assert.Equal((100m + day, 2), (cell.Prices[1], cell.MinStay));
        }

        Assert.True(h.Simulator.Faults.AnswersLost >= 10, $"only {h.Simulator.Faults.AnswersLost} answers were lost");
        output.WriteLine($"apiReference kept: {serverKeepsApiReference}; {h.Simulator.Faults.AnswersLost} answers lost after apply; " +
            $"{ours.Count}/{reservations} reservations in Beds24 (no duplicates), {deadLetters.Count} dead letters: " +
            string.Join(" | ", deadLetters.Select(d => $"{d.Message.Subject}: {d.Message.Category}")));
    }
}
