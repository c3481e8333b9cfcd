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
        Assert.False(results[7].Single().Success);
        Assert.All(results.Where((_, i) => i != 7), r => Assert.True(r.Single().Success));
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

        Assert.All(results, r => Assert.True(r.Single().Success));
        Assert.Equal(1 + 4, h.Simulator.State.RequestCount("POST", "bookings"));
        Assert.Equal(4, h.Simulator.State.GetBookings(h.Owner).Count);
    }
}
