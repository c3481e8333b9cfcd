using Beds24.Api.Errors;
using Beds24.Api.Models;
using Beds24Sync.BookingLinks;
using Beds24Sync.Conflicts;
using Beds24Sync.Contracts;
using Beds24Sync.Core;
using Beds24Sync.Inbound;
using Beds24Sync.Mapping;
using Beds24Sync.Push;
using Beds24Sync.Storage;
using Moq;

namespace Beds24Sync.Tests.Inbound;

public sealed class InboundProcessorTests : IDisposable
{
    private readonly InboundTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task ProcessAsync_NewBooking_PublishesCreatedAndConfirmsTheLink()
    {
        var booking = _bed.Put(InboundTestBed.Booking(7));

        var tally = await _bed.Processor.ProcessAsync(_bed.Hint(7), CancellationToken.None);

        Assert.Equal(1, tally.Count(InboundOutcome.Created));
        var message = Assert.Single(_bed.Queues.PmsMessages);
        Assert.Equal(BookingChangeTypes.Created, message.ChangeType);
        Assert.True(message.IsNewToPms);
        Assert.Equal("beds24-7", message.Reservation.ReservationId);
        Assert.Equal((InboundTestBed.PmsProperty, InboundTestBed.PmsRoomType), (message.Reservation.PropertyId, message.Reservation.RoomTypeId));
        Assert.Equal($"{InboundTestBed.Account}-7-{BookingContentHash.Of(booking)}", message.MessageId);
        var link = Assert.Single(_bed.Links.All);
        Assert.Equal(BookingContentHash.Of(booking), link.Beds24Hash);
        Assert.Equal(booking.ModifiedTime, link.Beds24ModifiedTime);
        Assert.Null(link.PendingPublishHash);
        Assert.NotNull(link.LastPublishedReservation);
    }

    [Fact]
    public async Task ProcessAsync_SeveralIds_AreReadInOneCallWithEveryStatusIncludingCancelled()
    {
        _bed.Put(InboundTestBed.Booking(1));
        _bed.Put(InboundTestBed.Booking(2, status: Beds24BookingStatuses.Cancelled));

        await _bed.Processor.ProcessAsync(_bed.Hint(1, 2), CancellationToken.None);

        var query = Assert.Single(_bed.Queries);
        Assert.Equal([1L, 2L], query.Ids!.Order());
        Assert.Contains(Beds24BookingStatuses.Cancelled, query.Statuses!);
        Assert.Equal(2, _bed.Queues.PmsMessages.Count);
    }

    [Fact]
    public async Task ProcessAsync_SameVersionHintedTwice_PublishesOnce()
    {
        _bed.Put(InboundTestBed.Booking(7));

        await _bed.Processor.ProcessAsync(_bed.Hint(7), CancellationToken.None);
        var second = await _bed.Processor.ProcessAsync(_bed.Hint(7), CancellationToken.None);

        Assert.Equal(1, second.Count(InboundOutcome.Unchanged));
        Assert.Single(_bed.Queues.PmsMessages);
    }

    [Fact]
    public async Task ProcessBookingsAsync_OlderVersionAfterNewer_IsDroppedAsStale()
    {
        var older = InboundTestBed.Booking(7, adults: 2, modified: _bed.Time.GetUtcNow().AddMinutes(-10));
        var newer = InboundTestBed.Booking(7, adults: 3, modified: _bed.Time.GetUtcNow().AddMinutes(-5));

        await _bed.Processor.ProcessBookingsAsync(InboundTestBed.Account, [newer], InboundSources.Pull, "run-1", CancellationToken.None);
        var late = await _bed.Processor.ProcessBookingsAsync(InboundTestBed.Account, [older], InboundSources.Pull, "run-2", CancellationToken.None);

        Assert.Equal(1, late.Count(InboundOutcome.Stale));
        var message = Assert.Single(_bed.Queues.PmsMessages);
        Assert.Equal(3, message.Reservation.Adults);
    }

    [Fact]
    public async Task ProcessAsync_EchoOfOurOwnPush_IsNotSentBack()
    {
        // The push recorded the hash of what it wrote to Beds24 on the link of PMS reservation RES-1.
        var pushed = _bed.Put(InboundTestBed.Booking(7) with { ApiReference = "RES-1" });
        await _bed.Links.SaveAsync(new BookingLink
        {
            AccountId = InboundTestBed.Account,
            ReservationId = "RES-1",
            Beds24BookingId = 7,
            Beds24Hash = BookingContentHash.Of(pushed),
            Beds24ModifiedTime = pushed.ModifiedTime,
            LastPublishedReservation = "{}",
        }, CancellationToken.None);

        var tally = await _bed.Processor.ProcessAsync(_bed.Hint(7), CancellationToken.None);

        Assert.Equal(1, tally.Count(InboundOutcome.Unchanged));
        Assert.Empty(_bed.Queues.PmsMessages);
        _bed.Gate.Verify(g => g.CheckAsync(It.IsAny<ConflictCandidate>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Theory]
    [InlineData(ConflictOutcomes.Held, InboundOutcome.HeldForConflict)]
    [InlineData(ConflictOutcomes.IncomingLoses, InboundOutcome.Overruled)]
    public async Task ProcessAsync_ConflictGateSaysNo_PublishesNothingAndLeavesTheLink(string gateOutcome, InboundOutcome expected)
    {
        var first = _bed.Put(InboundTestBed.Booking(7));
        await _bed.Processor.ProcessAsync(_bed.Hint(7), CancellationToken.None);
        _bed.Put(first with { NumAdult = 4, ModifiedTime = first.ModifiedTime!.Value.AddMinutes(1) });
        _bed.Gate.Setup(g => g.CheckAsync(It.IsAny<ConflictCandidate>(), It.IsAny<CancellationToken>())).ReturnsAsync(new ConflictCheckResult(gateOutcome, "c-1"));

        var tally = await _bed.Processor.ProcessAsync(_bed.Hint(7), CancellationToken.None);

        Assert.Equal(1, tally.Count(expected));
        Assert.Single(_bed.Queues.PmsMessages);
        Assert.Equal(BookingContentHash.Of(first), Assert.Single(_bed.Links.All).Beds24Hash);
        _bed.Gate.Verify(g => g.CheckAsync(It.Is<ConflictCandidate>(c => c.Origin == ChangeOrigins.Beds24 && c.Link != null && c.Beds24State!.NumAdult == 4), It.IsAny<CancellationToken>()));
    }

    [Fact]
    public async Task ProcessAsync_ConflictDecidedForBeds24_IsPublishedEvenThoughUnchanged_WithItsOwnMessageId()
    {
        var booking = _bed.Put(InboundTestBed.Booking(7));
        await _bed.Processor.ProcessAsync(_bed.Hint(7), CancellationToken.None);

        var forced = await _bed.Processor.ProcessAsync(_bed.Hint(7) with { Source = InboundSources.Conflict, MessageId = "conflict-c-1" }, CancellationToken.None);

        Assert.Equal(1, forced.Count(InboundOutcome.Published));
        var messages = _bed.Queues.PmsMessages;
        Assert.Equal(2, messages.Count);
        Assert.All(messages, m => Assert.Equal(BookingContentHash.Of(booking), m.ContentHash));
        Assert.NotEqual(messages[0].MessageId, messages[1].MessageId); // the PMS must not drop it as a repeat
    }

    [Fact]
    public async Task ProcessAsync_CancelledInBeds24_ReachesThePmsAsCancelled()
    {
        var booking = _bed.Put(InboundTestBed.Booking(7));
        await _bed.Processor.ProcessAsync(_bed.Hint(7), CancellationToken.None);
        _bed.Put(booking with { Status = Beds24BookingStatuses.Cancelled, ModifiedTime = booking.ModifiedTime!.Value.AddMinutes(3) });

        await _bed.Processor.ProcessAsync(_bed.Hint(7), CancellationToken.None);

        var last = _bed.Queues.PmsMessages[^1];
        Assert.Equal(BookingChangeTypes.Cancelled, last.ChangeType);
        Assert.Equal(PmsReservationStatuses.Cancelled, last.Reservation.Status);
        Assert.False(last.IsNewToPms);
    }

    [Fact]
    public async Task ProcessAsync_BookingGoneFromBeds24_IsPublishedDeletedOnce()
    {
        _bed.Put(InboundTestBed.Booking(7));
        await _bed.Processor.ProcessAsync(_bed.Hint(7), CancellationToken.None);
        _bed.Beds24.TryRemove(7, out _);

        var first = await _bed.Processor.ProcessAsync(_bed.Hint(7), CancellationToken.None);
        var again = await _bed.Processor.ProcessAsync(_bed.Hint(7), CancellationToken.None);

        Assert.Equal(1, first.Count(InboundOutcome.DeletedPublished));
        Assert.Equal(1, again.Count(InboundOutcome.Unchanged));
        var deleted = Assert.Single(_bed.Queues.PmsMessages, m => m.ChangeType == BookingChangeTypes.Deleted);
        Assert.Equal(PmsReservationStatuses.Cancelled, deleted.Reservation.Status);
        Assert.Equal("beds24-7", deleted.Reservation.ReservationId);
    }

    [Fact]
    public async Task ProcessAsync_UnknownBookingGoneFromBeds24_PublishesNothing()
    {
        var tally = await _bed.Processor.ProcessAsync(_bed.Hint(404), CancellationToken.None);

        Assert.Equal(0, tally.Count(InboundOutcome.DeletedPublished));
        Assert.Empty(_bed.Queues.Sent);
    }

    [Fact]
    public async Task ProcessAsync_UnmappedRoom_IsDeadLetteredWithTheReason_OthersStillFlow()
    {
        _bed.Put(InboundTestBed.Booking(7, room: InboundTestBed.UnmappedRoom));
        _bed.Put(InboundTestBed.Booking(8));
        DeadLetterMessage? dead = null;
        _bed.DeadLetters.Setup(d => d.AddAsync(It.IsAny<DeadLetterMessage>(), It.IsAny<CancellationToken>()))
            .Callback((DeadLetterMessage m, CancellationToken _) => dead = m).Returns(Task.CompletedTask);

        var tally = await _bed.Processor.ProcessAsync(_bed.Hint(7, 8), CancellationToken.None);

        Assert.Equal(1, tally.Count(InboundOutcome.DeadLettered));
        Assert.Equal(8, Assert.Single(_bed.Queues.PmsMessages).Beds24BookingId);
        Assert.NotNull(dead);
        Assert.Equal(DeadLetterCategories.Mapping, dead.Category);
        Assert.Contains("999", dead.Reason, StringComparison.Ordinal);
        var replay = SyncJson.Deserialize<InboundWorkItem>(dead.OriginalMessage)!;
        Assert.Equal((InboundSources.Replay, 7L), (replay.Source, Assert.Single(replay.BookingIds)));
    }

    [Fact]
    public async Task ProcessAsync_Beds24Unreachable_ThrowsForARetryAndPublishesNothing()
    {
        _bed.Put(InboundTestBed.Booking(7));
        _bed.FailNextRead = new Beds24NetworkException("connection refused", "GET /bookings", new HttpRequestException("refused"));

        await Assert.ThrowsAsync<Beds24NetworkException>(() => _bed.Processor.ProcessAsync(_bed.Hint(7), CancellationToken.None));

        Assert.Empty(_bed.Queues.Sent);
        Assert.Empty(_bed.Links.All);
    }

    [Fact]
    public async Task ProcessAsync_ConcurrentDuplicateHints_PublishExactlyOncePerVersion()
    {
        _bed.Put(InboundTestBed.Booking(7));
        _bed.Put(InboundTestBed.Booking(8));
        var processor = _bed.Processor;

        // Twelve deliveries of the same two bookings, all at once.
        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() => processor.ProcessAsync(_bed.Hint(i % 2 == 0 ? [7, 8] : [8, 7]), CancellationToken.None))));

        var messages = _bed.Queues.PmsMessages;
        Assert.Equal([7L, 8L], messages.Select(m => m.Beds24BookingId).Order());
        Assert.All(_bed.Links.All, l => Assert.Null(l.PendingPublishHash));
    }

    [Fact]
    public async Task ProcessAsync_VersionPendingUnderAnotherFreshClaim_IsLeftToItsOwner()
    {
        var booking = _bed.Put(InboundTestBed.Booking(7));
        var hash = BookingContentHash.Of(booking);
        await _bed.Links.SaveAsync(new BookingLink
        {
            AccountId = InboundTestBed.Account,
            ReservationId = "beds24-7",
            Beds24BookingId = 7,
            Beds24Hash = hash,
            PendingPublishHash = hash,
            PendingPublishClaim = "hint-other",
            PendingPublishSince = _bed.Time.GetUtcNow(),
        }, CancellationToken.None);

        var tally = await _bed.Processor.ProcessAsync(_bed.Hint(7), CancellationToken.None);

        Assert.Equal(1, tally.Count(InboundOutcome.InFlight));
        Assert.Empty(_bed.Queues.PmsMessages);
    }

    [Fact]
    public async Task ProcessAsync_PendingVersionOwnerDied_IsTakenOverAfterTheClaimTimeout_WithTheSameMessageId()
    {
        var booking = _bed.Put(InboundTestBed.Booking(7));
        var hash = BookingContentHash.Of(booking);
        await _bed.Links.SaveAsync(new BookingLink
        {
            AccountId = InboundTestBed.Account,
            ReservationId = "beds24-7",
            Beds24BookingId = 7,
            Beds24Hash = hash,
            PendingPublishHash = hash,
            PendingPublishClaim = "hint-dead",
            PendingPublishSince = _bed.Time.GetUtcNow(),
        }, CancellationToken.None);
        _bed.Time.Advance(_bed.Options.PublishClaimTimeout);

        var tally = await _bed.Processor.ProcessAsync(_bed.Hint(7), CancellationToken.None);

        Assert.Equal(1, tally.Count(InboundOutcome.Created));
        Assert.Equal($"{InboundTestBed.Account}-7-{hash}", Assert.Single(_bed.Queues.PmsMessages).MessageId);
        Assert.Null(Assert.Single(_bed.Links.All).PendingPublishHash);
    }

    [Fact]
    public async Task ProcessAsync_PublishFailedThenTheSameWorkItemIsRedelivered_PublishesOnceWithTheStableMessageId()
    {
        _bed.Put(InboundTestBed.Booking(7));
        var hint = _bed.Hint(7);
        _bed.Queues.FailNext(1);

        await Assert.ThrowsAsync<SyncFailureException>(() => _bed.Processor.ProcessAsync(hint, CancellationToken.None));
        var pending = Assert.Single(_bed.Links.All);
        var retried = await _bed.Processor.ProcessAsync(hint, CancellationToken.None);

        Assert.Equal(hint.MessageId, pending.PendingPublishClaim);
        Assert.Equal(1, retried.Count(InboundOutcome.Created));
        Assert.Single(_bed.Queues.PmsMessages);
    }

    [Fact]
    public async Task ProcessAsync_LinkWrittenByAnotherWorkerMeanwhile_ReReadsAndDecidesAgain()
    {
        var booking = _bed.Put(InboundTestBed.Booking(7));
        var interfered = false;
        _bed.Links.BeforeSave = async link =>
        {
            if (!interfered && link.PendingPublishClaim is not null)
            {
                // Another worker published this very version a moment earlier.
                interfered = true;
                await _bed.Links.SaveAsync(new BookingLink
                {
                    AccountId = link.AccountId,
                    ReservationId = link.ReservationId,
                    Beds24BookingId = 7,
                    Beds24Hash = BookingContentHash.Of(booking),
                    LastPublishedReservation = "{}",
                }, CancellationToken.None);
            }
        };

        var tally = await _bed.Processor.ProcessAsync(_bed.Hint(7), CancellationToken.None);

        Assert.True(interfered);
        Assert.Equal(1, tally.Count(InboundOutcome.Unchanged));
        Assert.Empty(_bed.Queues.PmsMessages);
    }

    [Fact]
    public async Task ProcessAsync_GuestOfTheLinkedPmsReservation_IsLearnedAndUsed()
    {
        var booking = _bed.Put(InboundTestBed.Booking(7) with { ApiReference = "RES-1", Email = " Ann@Example.com " });
        var pmsState = new PmsReservation
        {
            ReservationId = "RES-1",
            PropertyId = InboundTestBed.PmsProperty,
            RoomTypeId = InboundTestBed.PmsRoomType,
            Status = PmsReservationStatuses.Confirmed,
            Arrival = booking.Arrival!.Value,
            Departure = booking.Departure!.Value,
            Guest = new PmsGuest { GuestId = "G-9", Email = "ann@example.com", Phone = "020 7946 0958" },
        };
        await _bed.Links.SaveAsync(new BookingLink
        {
            AccountId = InboundTestBed.Account,
            ReservationId = "RES-1",
            Beds24BookingId = 7,
            Beds24Hash = "older",
            LastPublishedReservation = SyncJson.Serialize(pmsState),
        }, CancellationToken.None);

        await _bed.Processor.ProcessAsync(_bed.Hint(7), CancellationToken.None);

        var message = Assert.Single(_bed.Queues.PmsMessages);
        Assert.Equal(("link", "G-9"), (message.GuestMatch!.Method, message.GuestMatch.PmsGuestId));
        Assert.Equal("G-9", message.Reservation.Guest!.GuestId);
        _bed.GuestLinks.Verify(g => g.LinkAsync(InboundTestBed.Account, "G-9", 7, "ann@example.com", "+442079460958", It.IsAny<CancellationToken>()));
    }
}
