using Beds24Sync.Core;
using Microsoft.Extensions.Time.Testing;

namespace Beds24Sync.Tests.Core;

/// <summary>A batch goes after a quiet gap, at the latest after the longest wait, or when full.</summary>
public sealed class AccountBatcherTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
    private readonly List<List<int>> _sent = [];

    private AccountBatcher<int, int> Batcher(int capacity = 50, TimeSpan? longest = null) =>
        new(_time, () => Window, capacity, _ => 1, (_, entries) =>
        {
            lock (_sent)
            {
                _sent.Add([.. entries.Select(e => e.Item)]);
            }

            foreach (var entry in entries)
            {
                entry.Complete(entry.Item * 10);
            }

            return Task.CompletedTask;
        }, longest is { } l ? () => l : null);

    [Fact]
    public async Task AddAsync_LoneItem_GoesAfterTheWindow()
    {
        var batcher = Batcher(longest: TimeSpan.FromSeconds(5));

        var one = batcher.AddAsync("a", 1, CancellationToken.None);
        _time.Advance(Window - TimeSpan.FromMilliseconds(1));
        Assert.Empty(_sent);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(10, await one);
        Assert.Equal([1], Assert.Single(_sent));
    }

    [Fact]
    public async Task AddAsync_ItemsKeepJoiningWithinTheWindow_OneBatchUntilAQuietGap()
    {
        var batcher = Batcher(longest: TimeSpan.FromSeconds(5));

        var calls = new List<Task<int>>();
        for (var i = 0; i < 6; i++)
        {
            calls.Add(batcher.AddAsync("a", i, CancellationToken.None));
            _time.Advance(TimeSpan.FromMilliseconds(500)); // a burst fed at two items a second
        }

        Assert.Empty(_sent); // 3 s in, the batch is still filling: no quiet second yet
        _time.Advance(TimeSpan.FromMilliseconds(500));

        await Task.WhenAll(calls);
        Assert.Equal([0, 1, 2, 3, 4, 5], Assert.Single(_sent));
    }

    [Fact]
    public async Task AddAsync_ItemsNeverStopJoining_BatchGoesAtTheLongestWait()
    {
        var batcher = Batcher(longest: TimeSpan.FromSeconds(2));

        var calls = new List<Task<int>>();
        for (var i = 0; i < 8; i++)
        {
            calls.Add(batcher.AddAsync("a", i, CancellationToken.None));
            _time.Advance(TimeSpan.FromMilliseconds(500));
        }

        _time.Advance(Window);
        await Task.WhenAll(calls);
        Assert.Equal([[0, 1, 2, 3], [4, 5, 6, 7]], _sent);
    }

    [Fact]
    public async Task AddAsync_WithoutALongestWait_AFixedWindowFromTheFirstItem()
    {
        var batcher = Batcher();

        var calls = new List<Task<int>>();
        for (var i = 0; i < 4; i++)
        {
            calls.Add(batcher.AddAsync("a", i, CancellationToken.None));
            _time.Advance(TimeSpan.FromMilliseconds(500));
        }

        _time.Advance(Window);
        await Task.WhenAll(calls);
        Assert.Equal([[0, 1], [2, 3]], _sent);
    }

    [Fact]
    public async Task AddAsync_BatchReachesCapacity_GoesAtOnce()
    {
        var batcher = Batcher(capacity: 3, longest: TimeSpan.FromSeconds(5));

        var calls = Enumerable.Range(0, 3).Select(i => batcher.AddAsync("a", i, CancellationToken.None)).ToList();

        await Task.WhenAll(calls);
        Assert.Equal([0, 1, 2], Assert.Single(_sent));
    }

    [Fact]
    public async Task AddAsync_TwoAccounts_NeverShareABatch()
    {
        var batcher = Batcher(longest: TimeSpan.FromSeconds(5));

        var a = batcher.AddAsync("a", 1, CancellationToken.None);
        var b = batcher.AddAsync("b", 2, CancellationToken.None);
        _time.Advance(Window);

        await Task.WhenAll(a, b);
        Assert.Equal(2, _sent.Count);
    }
}
