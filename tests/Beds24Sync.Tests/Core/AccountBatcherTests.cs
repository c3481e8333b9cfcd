using Beds24Sync.Core;
using Microsoft.Extensions.Time.Testing;

namespace Beds24Sync.Tests.Core;

/// <summary>Batches of one account share a call; under load the window grows so bursts fill their batches, and a lone change waits only the base window.</summary>
public sealed class AccountBatcherTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
    private readonly List<int> _sentSizes = [];

    private AccountBatcher<int, int> Batcher(int capacity = 100) => new(_time, () => Window, capacity, _ => 1, (_, entries) =>
    {
        lock (_sentSizes)
        {
            _sentSizes.Add(entries.Count);
        }

        foreach (var entry in entries)
        {
            entry.Complete(entry.Item * 10);
        }

        return Task.CompletedTask;
    });

    private static List<Task<int>> Add(AccountBatcher<int, int> batcher, int count) =>
        [.. Enumerable.Range(0, count).Select(i => batcher.AddAsync("a", i, CancellationToken.None))];

    /// <summary>Advances the fake clock in small steps until the tasks finish (or the budget is spent): returns the time it took.</summary>
    private async Task<TimeSpan> RunUntilDoneAsync(IEnumerable<Task> tasks, TimeSpan budget)
    {
        var all = Task.WhenAll(tasks);
        var spent = TimeSpan.Zero;
        while (!all.IsCompleted && spent < budget)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            spent += TimeSpan.FromMilliseconds(100);
            await Task.Delay(1);
        }

        await all;
        return spent;
    }

    [Fact]
    public async Task AddAsync_ItemsWithinTheWindow_ShareOneSendAndEachGetsItsAnswer()
    {
        var batcher = Batcher();

        var results = Add(batcher, 3);
        await RunUntilDoneAsync(results, TimeSpan.FromSeconds(5));

        Assert.Equal([3], _sentSizes);
        Assert.Equal([0, 10, 20], results.Select(r => r.Result));
    }

    [Fact]
    public async Task AddAsync_AfterABusyBatch_TheNextWindowIsLonger()
    {
        var batcher = Batcher();
        await RunUntilDoneAsync(Add(batcher, 30), TimeSpan.FromSeconds(5)); // 30 ≥ a quarter of 100: busy

        var waited = await RunUntilDoneAsync(Add(batcher, 1), TimeSpan.FromSeconds(10));

        Assert.InRange(waited, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(2.1));
    }

    [Fact]
    public async Task AddAsync_FullBatch_GoesAtOnceWithoutWaitingForTheWindow()
    {
        var batcher = Batcher(capacity: 10);

        var results = Add(batcher, 10);
        await Task.WhenAll(results).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal([10], _sentSizes);
    }

    [Fact]
    public async Task AddAsync_WindowNeverGrowsBeyondItsLimit()
    {
        var batcher = Batcher();
        for (var round = 0; round < 5; round++)
        {
            await RunUntilDoneAsync(Add(batcher, 30), TimeSpan.FromSeconds(10));
        }

        var waited = await RunUntilDoneAsync(Add(batcher, 30), TimeSpan.FromSeconds(10));

        Assert.InRange(waited, TimeSpan.FromSeconds(AccountBatcher<int, int>.MaxWindowFactor - 0.1), TimeSpan.FromSeconds(AccountBatcher<int, int>.MaxWindowFactor + 0.1));
    }

    [Fact]
    public async Task AddAsync_LoneChangeAfterAQuietSpell_WaitsOnlyTheBaseWindow()
    {
        var batcher = Batcher();
        await RunUntilDoneAsync(Add(batcher, 30), TimeSpan.FromSeconds(5));
        _time.Advance(TimeSpan.FromSeconds(10)); // the burst is over

        var waited = await RunUntilDoneAsync(Add(batcher, 1), TimeSpan.FromSeconds(10));

        Assert.InRange(waited, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(1.1));
    }

    [Fact]
    public async Task AddAsync_SmallBatchAfterABusyOne_BringsTheWindowBack()
    {
        var batcher = Batcher();
        await RunUntilDoneAsync(Add(batcher, 30), TimeSpan.FromSeconds(5));
        await RunUntilDoneAsync(Add(batcher, 2), TimeSpan.FromSeconds(5)); // 2 ≤ a twentieth of 100: small

        var waited = await RunUntilDoneAsync(Add(batcher, 1), TimeSpan.FromSeconds(10));

        Assert.InRange(waited, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(1.1));
    }
}
