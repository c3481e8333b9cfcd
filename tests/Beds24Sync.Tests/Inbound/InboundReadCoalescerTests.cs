using Beds24.Api;
using Beds24.Api.Models;
using Beds24Sync.Inbound;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Beds24Sync.Tests.Inbound;

/// <summary>Concurrent hints of one account share one Beds24 read (credits, docs/ARCHITECTURE.md §5b).</summary>
public sealed class InboundReadCoalescerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
    private readonly Mock<IBeds24ClientFactory> _factory = new();
    private readonly List<(string Account, IReadOnlyList<long> Ids)> _reads = [];
    private Exception? _fail;

    public InboundReadCoalescerTests()
    {
        foreach (var account in new[] { "a", "b" })
        {
            var client = new Mock<IBeds24Client>();
            client.Setup(c => c.GetBookingsAsync(It.IsAny<BookingQuery>(), It.IsAny<CancellationToken>()))
                .Returns((BookingQuery q, CancellationToken _) =>
                {
                    lock (_reads)
                    {
                        _reads.Add((account, q.Ids!));
                    }

                    return _fail is { } failure ? Throwing(failure) : q.Ids!.Select(id => new Beds24Booking { Id = id }).ToAsyncEnumerable();
                });
            _factory.Setup(f => f.GetClient(account)).Returns(client.Object);
        }
    }

    private static async IAsyncEnumerable<Beds24Booking> Throwing(Exception failure)
    {
        await Task.Yield();
        throw failure;
#pragma warning disable CS0162 // an iterator needs a yield
        yield break;
#pragma warning restore CS0162
    }

    private InboundReadCoalescer Coalescer(TimeSpan window) => new(_factory.Object, Options.Create(new InboundOptions { HintCoalescingWindow = window }), _time);

    [Fact]
    public async Task ReadAsync_HintsOfOneAccountWithinTheWindow_ShareOneReadAndEachGetsItsOwn()
    {
        var coalescer = Coalescer(TimeSpan.FromSeconds(1));

        var first = coalescer.ReadAsync("a", [1, 2], CancellationToken.None);
        var second = coalescer.ReadAsync("a", [2, 3], CancellationToken.None);
        var other = coalescer.ReadAsync("b", [9], CancellationToken.None);
        Assert.Empty(_reads); // nothing goes out before the window ends
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal([1L, 2L], (await first).Select(b => b.Id!.Value).Order());
        Assert.Equal([2L, 3L], (await second).Select(b => b.Id!.Value).Order());
        Assert.Equal([9L], (await other).Select(b => b.Id!.Value));
        Assert.Equal(2, _reads.Count);
        Assert.Equal([1L, 2L, 3L], _reads.Single(r => r.Account == "a").Ids.Order());
        Assert.Equal(2, coalescer.Reads);
    }

    [Fact]
    public async Task ReadAsync_BatchReachesOneHundredIds_GoesOutAtOnce()
    {
        var coalescer = Coalescer(TimeSpan.FromMinutes(1));

        var reads = Enumerable.Range(0, 10).Select(i => coalescer.ReadAsync("a", [.. Enumerable.Range(i * 10 + 1, 10).Select(n => (long)n)], CancellationToken.None)).ToList();
        var all = await Task.WhenAll(reads);

        Assert.Equal(100, all.Sum(r => r.Count));
        Assert.Equal(100, Assert.Single(_reads).Ids.Count);
    }

    [Fact]
    public async Task ReadAsync_ReadFails_EveryCallerOfTheBatchFails()
    {
        _fail = new HttpRequestException("Beds24 down");
        var coalescer = Coalescer(TimeSpan.FromSeconds(1));

        var first = coalescer.ReadAsync("a", [1], CancellationToken.None);
        var second = coalescer.ReadAsync("a", [2], CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAsync<HttpRequestException>(() => first);
        await Assert.ThrowsAsync<HttpRequestException>(() => second);
        Assert.Single(_reads);
    }

    [Fact]
    public async Task ReadAsync_NoWindow_ReadsAtOnce()
    {
        var found = await Coalescer(TimeSpan.Zero).ReadAsync("a", [5], CancellationToken.None);

        Assert.Equal(5, Assert.Single(found).Id);
        Assert.Single(_reads);
    }
}
