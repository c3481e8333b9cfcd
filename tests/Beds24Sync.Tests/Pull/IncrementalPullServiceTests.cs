using Azure;
using Beds24.Api.Errors;
using Beds24.Api.Models;
using Beds24Sync.Inbound;
using Beds24Sync.Pull;
using Beds24Sync.Tests.Inbound;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace Beds24Sync.Tests.Pull;

public sealed class IncrementalPullServiceTests : IDisposable
{
    private readonly InboundTestBed _bed = new();
    private readonly Mock<ISyncCursorStore> _cursors = new();
    private readonly PullOptions _options = new() { BatchSize = 2 };
    private SyncCursor? _completedWith;
    private DateTimeOffset? _newCursor;
    private bool _abandoned;

    public IncrementalPullServiceTests()
    {
        _cursors.Setup(c => c.CompleteAsync(It.IsAny<SyncCursor>(), It.IsAny<DateTimeOffset>(), It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .Callback((SyncCursor leased, DateTimeOffset cursor, DateTimeOffset _, int _, CancellationToken _) => (_completedWith, _newCursor) = (leased, cursor))
            .Returns(Task.CompletedTask);
        _cursors.Setup(c => c.AbandonAsync(It.IsAny<SyncCursor>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .Callback(() => _abandoned = true).Returns(Task.CompletedTask);
    }

    public void Dispose() => _bed.Dispose();

    private IncrementalPullService Service => new(_bed.Factory.Object, _bed.Processor, _cursors.Object, Options.Create(_options), _bed.Time, NullLogger<IncrementalPullService>.Instance);

    private SyncCursor Lease(DateTimeOffset? cursor)
    {
        var leased = new SyncCursor(InboundTestBed.Account, cursor, _bed.Time.GetUtcNow() + _options.Lease, null, null, 0, new ETag("W/\"1\""));
        _cursors.Setup(c => c.TryLeaseAsync(InboundTestBed.Account, _bed.Time.GetUtcNow(), _options.Lease, It.IsAny<CancellationToken>())).ReturnsAsync(leased);
        return leased;
    }

    [Fact]
    public async Task RunAsync_AnotherRunHoldsTheLease_ReturnsSkippedWithoutReadingBeds24()
    {
        _cursors.Setup(c => c.TryLeaseAsync(InboundTestBed.Account, It.IsAny<DateTimeOffset>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>())).ReturnsAsync((SyncCursor?)null);

        var result = await Service.RunAsync(InboundTestBed.Account, CancellationToken.None);

        Assert.True(result.Skipped);
        Assert.Empty(_bed.Queries);
        _cursors.Verify(c => c.CompleteAsync(It.IsAny<SyncCursor>(), It.IsAny<DateTimeOffset>(), It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task RunAsync_ReadsFromCursorMinusOverlap_WithEveryStatus_AndMovesTheCursorToTheRunStart()
    {
        var cursor = _bed.Time.GetUtcNow().AddMinutes(-5);
        var leased = Lease(cursor);
        var started = _bed.Time.GetUtcNow();

        await Service.RunAsync(InboundTestBed.Account, CancellationToken.None);

        var query = Assert.Single(_bed.Queries);
        Assert.Equal(cursor - _options.Overlap, query.ModifiedFrom);
        Assert.Equal(Beds24BookingStatuses.All.Order(), query.Statuses!.Order());
        Assert.Same(leased, _completedWith);
        Assert.Equal(started, _newCursor);
        Assert.False(_abandoned);
    }

    [Fact]
    public async Task RunAsync_FirstRunOfAnAccount_LooksBackTheInitialWindow()
    {
        Lease(cursor: null);

        await Service.RunAsync(InboundTestBed.Account, CancellationToken.None);

        Assert.Equal(_bed.Time.GetUtcNow() - _options.InitialLookback - _options.Overlap, Assert.Single(_bed.Queries).ModifiedFrom);
    }

    [Fact]
    public async Task RunAsync_EveryPageAndCancelledBookings_ReachThePms()
    {
        Lease(_bed.Time.GetUtcNow().AddMinutes(-5));
        for (var id = 1; id <= 5; id++)
        {
            _bed.Put(InboundTestBed.Booking(id, status: id == 3 ? Beds24BookingStatuses.Cancelled : Beds24BookingStatuses.Confirmed, modified: _bed.Time.GetUtcNow().AddMinutes(-1)));
        }

        var result = await Service.RunAsync(InboundTestBed.Account, CancellationToken.None);

        Assert.Equal(5, result.BookingsSeen);
        Assert.Equal(5, result.Outcomes.Count(InboundOutcome.Created));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], _bed.Queues.PmsMessages.Select(m => m.Beds24BookingId).Order());
        Assert.Equal("cancelled", _bed.Queues.PmsMessages.Single(m => m.Beds24BookingId == 3).Reservation.Status);
    }

    [Fact]
    public async Task RunAsync_Beds24FailsMidWindow_ReleasesTheLeaseWithoutMovingTheCursor()
    {
        Lease(_bed.Time.GetUtcNow().AddMinutes(-5));
        _bed.FailNextRead = new Beds24NetworkException("timeout", "GET /bookings");

        await Assert.ThrowsAsync<Beds24NetworkException>(() => Service.RunAsync(InboundTestBed.Account, CancellationToken.None));

        Assert.True(_abandoned);
        Assert.Null(_newCursor);
    }

    [Fact]
    public async Task RunAsync_ABookingFailsTransiently_TheWindowIsNotCompleted()
    {
        Lease(_bed.Time.GetUtcNow().AddMinutes(-5));
        _bed.Put(InboundTestBed.Booking(1, modified: _bed.Time.GetUtcNow()));
        _bed.Queues.FailNext(1);

        await Assert.ThrowsAnyAsync<Exception>(() => Service.RunAsync(InboundTestBed.Account, CancellationToken.None));

        Assert.True(_abandoned);
        Assert.Null(_newCursor);
    }
}
