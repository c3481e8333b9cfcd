using Beds24.Simulator;
using Beds24.Testing;
using Beds24Sync.Contracts;
using Beds24Sync.Pull;
using Beds24Sync.Storage;
using Xunit.Abstractions;

namespace Beds24Sync.IntegrationTests.Faults;

/// <summary>
/// Mixed traffic both ways while Beds24 has an outage, 429 storms and dropped connections, with poison messages in the
/// queues: afterwards every change is accounted for — in Beds24 exactly once, on the PMS queue, or dead-lettered with a reason.
/// </summary>
[Collection(TestCollections.Azurite)]
public sealed class FaultSuiteTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task MixedTrafficUnderFaults_NothingLostNothingDuplicated()
    {
        await using var h = await SyncHarness.StartAsync(azurite, settings: new()
        {
            ["Beds24:Retry:MaxRetries"] = "1",
            ["Beds24:MaxCreditWait"] = "00:00:10",
            ["Beds24:CircuitBreaker:BreakDuration"] = "00:00:01",
        });
        // Retries wait longer than the circuit stays open, as 5/25/125 s do against the default 30 s break.
        IReadOnlyList<TimeSpan> retries = [TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3)];
        await h.Get<IncrementalPullService>().RunAsync(SyncHarness.AccountId, CancellationToken.None);
        const int reservations = 40;
        for (var i = 0; i < reservations; i++)
        {
            await h.SendAsync(StorageNames.Queues.PushBookings, SyncHarness.Booking($"F-{i}", 1, arrival: SyncHarness.Future.AddDays(i % 25), nights: 1));
            await h.SendAsync(StorageNames.Queues.PushBookings, SyncHarness.Booking($"F-{i}", 2, arrival: SyncHarness.Future.AddDays(i % 25), nights: 2));
        }

        await h.SendRawAsync(StorageNames.Queues.PushBookings, "{ this is not json");
        await h.SendRawAsync(StorageNames.Queues.PushCalendar, """{"messageId":"poison-cal","schemaVersion":1}""");
        await h.SendRawAsync(StorageNames.Queues.Beds24Inbound, """{"messageId":"poison-in","schemaVersion":1,"accountId":"harbour"}""");
        var beds24Side = Enumerable.Range(0, 15).Select(i => h.Simulator.State.AddBooking(new SimBooking
        {
            RoomId = h.SuiteRoomId,
            Arrival = SyncHarness.Future.AddDays(100 + 3 * i),
            Departure = SyncHarness.Future.AddDays(101 + 3 * i),
            Channel = "booking",
        })).ToList();

        // Faults: an outage for the first pass, then 429 storms and dropped connections.
        h.Simulator.Faults.StartOutage();
        await (await h.WorkerAsync(StorageNames.Queues.PushBookings, retries)).RunOnceAsync(32, CancellationToken.None);
        await Assert.ThrowsAnyAsync<Exception>(() => h.Get<IncrementalPullService>().RunAsync(SyncHarness.AccountId, CancellationToken.None));
        h.Simulator.Faults.Clear();
        h.Simulator.Faults.FailNext(10, 429, "bookings");
        h.Simulator.Faults.DropNext(5, "bookings");
        h.Simulator.Faults.FailNext(5, 502, "bookings");

        await h.DrainAsync(StorageNames.Queues.PushBookings, TimeSpan.FromMinutes(3), retries);
        await h.DrainAsync(StorageNames.Queues.PushCalendar, retryDelays: retries);
        await h.DrainAsync(StorageNames.Queues.Beds24Inbound, retryDelays: retries);
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // let a circuit opened by the last faults close again
        await h.Get<IncrementalPullService>().RunAsync(SyncHarness.AccountId, CancellationToken.None);

        var inBeds24 = h.Simulator.State.GetBookings(h.Owner).Where(b => b.PmsReservationId()?.StartsWith("F-", StringComparison.Ordinal) == true).ToList();
        var deadLetters = await h.DeadLettersAsync();
        var deadReservations = deadLetters.Select(d => d.Message.Subject).Where(s => s?.StartsWith("F-", StringComparison.Ordinal) == true).ToHashSet();
        var toPms = await h.TakePmsMessagesAsync();

        // PMS → Beds24: each reservation exactly once in Beds24 at its newest version, or dead-lettered with a reason.
        Assert.Equal(inBeds24.Count, inBeds24.Select(b => b.PmsReservationId()).Distinct().Count());
        for (var i = 0; i < reservations; i++)
        {
            var booking = inBeds24.SingleOrDefault(b => b.PmsReservationId() == $"F-{i}");
            Assert.True(booking is not null || deadReservations.Contains($"F-{i}"), $"reservation F-{i} is neither in Beds24 nor dead-lettered");
            if (booking is not null)
            {
                Assert.Equal(SyncHarness.Future.AddDays(i % 25 + 2), booking.Departure);
            }
        }

        // Beds24 → PMS: every booking made in Beds24 reached the PMS exactly once.
        Assert.All(beds24Side, b => Assert.Single(toPms, m => m.Beds24BookingId == b.Id));
        // Poison messages are dead-lettered with reasons, never dropped.
        Assert.Contains(deadLetters, d => d.Message.Source == StorageNames.Queues.PushBookings && d.Message.OriginalMessage == "{ this is not json");
        Assert.Contains(deadLetters, d => d.Message.MessageId == "poison-cal");
        Assert.Contains(deadLetters, d => d.Message.MessageId == "poison-in");
        Assert.All(deadLetters, d => Assert.False(string.IsNullOrWhiteSpace(d.Message.Reason)));
        output.WriteLine($"{inBeds24.Count}/{reservations} reservations in Beds24, {deadReservations.Count} dead-lettered, {toPms.Count} messages to the PMS, {deadLetters.Count} dead letters in all");
    }
}
