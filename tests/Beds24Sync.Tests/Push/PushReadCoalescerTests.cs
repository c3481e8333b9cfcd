using Beds24.Api;
using Beds24.Api.Models;
using Beds24Sync.Push;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Beds24Sync.Tests.Push;

/// <summary>By-id reads of concurrent pushes of one account share one Beds24 read, batched as the writes are (a quiet gap).</summary>
public sealed class PushReadCoalescerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
    private readonly List<IReadOnlyList<long>> _reads = [];
    private readonly PushReadCoalescer _coalescer;

    public PushReadCoalescerTests()
    {
        var client = new Mock<IBeds24Client>();
        client.Setup(c => c.GetBookingsAsync(It.IsAny<BookingQuery>(), It.IsAny<CancellationToken>()))
            .Returns((BookingQuery q, CancellationToken _) =>
            {
                lock (_reads)
                {
                    _reads.Add(q.Ids!);
                }

                return q.Ids!.Select(id => new Beds24Booking { Id = id }).ToAsyncEnumerable();
            });
        var factory = new Mock<IBeds24ClientFactory>();
        factory.Setup(f => f.GetClient("a")).Returns(client.Object);
        _coalescer = new(factory.Object, Options.Create(new PushOptions
        {
            WriteCoalescingWindow = TimeSpan.FromSeconds(1),
            LongestCoalescingWait = TimeSpan.FromSeconds(5),
        }), _time);
    }

    [Fact]
    public async Task ReadAsync_PushesJoiningWithinTheQuietGap_ShareOneReadPastTheWindow()
    {
        var first = _coalescer.ReadAsync("a", [1], CancellationToken.None);
        _time.Advance(TimeSpan.FromMilliseconds(800));
        var second = _coalescer.ReadAsync("a", [2], CancellationToken.None);
        _time.Advance(TimeSpan.FromMilliseconds(800));
        var third = _coalescer.ReadAsync("a", [3], CancellationToken.None);
        _time.Advance(TimeSpan.FromMilliseconds(800));
        Assert.Empty(_reads); // 2.4 s after the first, but only 0.8 s since the last joined

        _time.Advance(TimeSpan.FromMilliseconds(300));

        Assert.Equal([[1L], [2L], [3L]], (await Task.WhenAll(first, second, third)).Select(r => r.Select(b => b.Id!.Value).ToArray()));
        Assert.Equal([1L, 2L, 3L], Assert.Single(_reads).Order());
        Assert.Equal(1, _coalescer.Reads);
    }

    [Fact]
    public async Task ReadAsync_PushesNeverPausing_GoAtTheLongestWait()
    {
        var reads = new List<Task<List<Beds24Booking>>>();
        for (var i = 0; i < 12; i++)
        {
            reads.Add(_coalescer.ReadAsync("a", [i], CancellationToken.None));
            _time.Advance(TimeSpan.FromMilliseconds(500));
        }

        await Task.WhenAll(reads.Take(10));

        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), _reads[0].Order()); // the batch opened at 0 s closed at 5 s
        Assert.False(reads[11].IsCompleted);
    }
}
