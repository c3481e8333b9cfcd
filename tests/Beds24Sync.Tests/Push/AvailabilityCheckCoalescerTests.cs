using Beds24.Api;
using Beds24.Api.Models;
using Beds24Sync.Push;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Beds24Sync.Tests.Push;

/// <summary>Availability checks of modifications share one calendar read, and one read never hands a unit out twice.</summary>
public sealed class AvailabilityCheckCoalescerTests
{
    private static readonly DateOnly Night = new(2027, 3, 1);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
    private readonly Mock<IBeds24ClientFactory> _factory = new();
    private readonly Mock<IBeds24Client> _client = new();
    private readonly List<CalendarQuery> _reads = [];

    /// <summary>Units left per room on every night (what Beds24's calendar says).</summary>
    private readonly Dictionary<long, int> _left = new() { [10] = 1, [20] = 0, [30] = 5 };

    public AvailabilityCheckCoalescerTests()
    {
        _client.Setup(c => c.GetCalendarAsync(It.IsAny<CalendarQuery>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((CalendarQuery q, CancellationToken _) =>
            {
                lock (_reads)
                {
                    _reads.Add(q);
                }

                return [.. q.RoomIds.Select(room => new Beds24RoomCalendar(room, [new Beds24CalendarRange { From = q.StartDate, To = q.EndDate, NumAvail = _left[room] }]))];
            });
        _factory.Setup(f => f.GetClient("a")).Returns(_client.Object);
    }

    private AvailabilityCheckCoalescer Coalescer(TimeSpan window) =>
        new(_factory.Object, Options.Create(new PushOptions { WriteCoalescingWindow = window }), _time);

    private static AvailabilityRequest Needs(long room, int firstNight, int nights = 1) =>
        new(room, [.. Enumerable.Range(firstNight, nights).Select(n => Night.AddDays(n))]);

    [Fact]
    public async Task CheckAsync_ChecksWithinTheWindow_ShareOneReadOverAllRoomsAndNights()
    {
        var coalescer = Coalescer(TimeSpan.FromSeconds(1));

        var checks = new[] { Needs(30, 0, 2), Needs(30, 5), Needs(10, 3) }.Select(r => coalescer.CheckAsync("a", r, CancellationToken.None)).ToList();
        Assert.Empty(_reads); // nothing goes out before the window ends
        _time.Advance(TimeSpan.FromSeconds(1));
        var verdicts = await Task.WhenAll(checks);

        Assert.All(verdicts, v => Assert.Equal(AvailabilityState.Available, v.State));
        var read = Assert.Single(_reads);
        Assert.Equal([10L, 30L], read.RoomIds.Order());
        Assert.Equal((Night, Night.AddDays(5)), (read.StartDate, read.EndDate));
        Assert.False(read.IncludePrices); // only what the check needs
    }

    [Fact]
    public async Task CheckAsync_TwoChangesWantTheLastUnit_FirstGetsItSecondIsCheckedAgain()
    {
        var coalescer = Coalescer(TimeSpan.FromSeconds(1));

        var first = coalescer.CheckAsync("a", Needs(10, 0, 2), CancellationToken.None);
        var second = coalescer.CheckAsync("a", Needs(10, 1), CancellationToken.None);
        var full = coalescer.CheckAsync("a", Needs(20, 0), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(AvailabilityState.Available, (await first).State);
        var taken = await second;
        Assert.Equal(AvailabilityState.TakenInBatch, taken.State); // not "full": Beds24 had the unit before either change
        Assert.Equal([Night.AddDays(1)], taken.Nights);
        var none = await full;
        Assert.Equal(AvailabilityState.Full, none.State);
        Assert.Equal([Night], none.Nights);
        Assert.Single(_reads);
    }

    [Fact]
    public async Task CheckAsync_BatchSpansMoreThanTheReadLimit_IsReadInSeveralCalls()
    {
        var coalescer = Coalescer(TimeSpan.FromSeconds(1));

        var near = coalescer.CheckAsync("a", Needs(30, 0), CancellationToken.None);
        var far = coalescer.CheckAsync("a", Needs(30, AvailabilityCheckCoalescer.MaxDaysPerRead + 20), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(AvailabilityState.Available, (await near).State);
        Assert.Equal(AvailabilityState.Available, (await far).State);
        Assert.Equal(2, _reads.Count);
        Assert.All(_reads, r => Assert.True(r.EndDate.DayNumber - r.StartDate.DayNumber < AvailabilityCheckCoalescer.MaxDaysPerRead));
    }

    [Fact]
    public async Task CheckAsync_ReadFails_EveryCheckOfTheBatchFails()
    {
        _client.Setup(c => c.GetCalendarAsync(It.IsAny<CalendarQuery>(), It.IsAny<CancellationToken>())).ThrowsAsync(new HttpRequestException("Beds24 down"));
        var coalescer = Coalescer(TimeSpan.FromSeconds(1));

        var first = coalescer.CheckAsync("a", Needs(30, 0), CancellationToken.None);
        var second = coalescer.CheckAsync("a", Needs(10, 0), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAsync<HttpRequestException>(() => first);
        await Assert.ThrowsAsync<HttpRequestException>(() => second);
    }
}
