using System.Net;
using Beds24.Api.Errors;
using Beds24.Api.Models;
using Beds24Sync.BookingLinks;
using Beds24Sync.Conflicts;
using Beds24Sync.Contracts;
using Beds24Sync.Core;
using Beds24Sync.Mapping;
using Beds24Sync.Operations;
using Beds24Sync.Push;
using Beds24Sync.Storage;
using Moq;

namespace Beds24Sync.Tests.Push;

public sealed class BookingPushServiceTests
{
    private readonly PushTestKit _kit = new();

    [Fact]
    public async Task PushAsync_NewReservation_CreatesWithOurMarkerAndCheckAvailabilityWithoutAnyRead()
    {
        _kit.Found = q => q.Ids is [501] ? [PushTestKit.InBeds24(PushTestKit.Message(1), 501)] : [];
        _kit.AcceptWrites(newId: 501);
        _kit.Pending(PushTestKit.Message(1));

        var outcome = await _kit.CreateService().PushAsync(PushTestKit.AccountId, PushTestKit.ReservationId, CancellationToken.None);

        Assert.Equal(PushOutcome.Applied, outcome);
        Assert.DoesNotContain(_kit.Queries, q => q.Ids is null); // nothing to find for a reservation never pushed
        var created = Assert.Single(_kit.Written);
        Assert.Null(created.Id);
        Assert.Null(created.ApiReference); // the OTA's field, not in the POST schema
        Assert.Equal(PushTestKit.ReservationId, BookingIdentity.MarkedReservationId(created));
        Assert.True(created.Actions?.CheckAvailability);
        Assert.Equal(PushTestKit.Room.Beds24RoomId, created.RoomId);
        Assert.NotNull(_kit.Saved[0].CreateInFlight); // recorded before the POST
        Assert.Equal(501, _kit.Stored!.Beds24BookingId);
        Assert.Null(_kit.Stored.CreateInFlight);
        Assert.Equal(1, _kit.Stored.PmsVersion);
        Assert.Null(_kit.Stored.PendingMessage);
        Assert.NotNull(_kit.Stored.Beds24Hash);
        _kit.Telemetry.Verify(t => t.RecordPush(SyncOutcome.Succeeded, It.IsAny<TimeSpan>()), Times.Once);
    }

    [Fact]
    public async Task PushAsync_CreateWhoseAnswerIsLost_IsTransientAndLeavesTheCreateInFlight()
    {
        _kit.Client.Setup(c => c.WriteBookingsAsync(It.IsAny<IReadOnlyList<Beds24Booking>>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new Beds24WriteOutcomeUnknownException("502", HttpStatusCode.BadGateway, "POST bookings"));
        _kit.Pending(PushTestKit.Message(1));

        var failure = await Assert.ThrowsAsync<SyncFailureException>(() => _kit.CreateService().PushAsync(PushTestKit.AccountId, PushTestKit.ReservationId, CancellationToken.None));

        Assert.True(failure.IsTransient);
        Assert.Contains("may hold it", failure.Message, StringComparison.Ordinal);
        Assert.Equal(new PendingCreate(PushTestKit.Room.Beds24RoomId, PushTestKit.Arrival, PushTestKit.Arrival.AddDays(2), 1, _kit.Time.GetUtcNow()), _kit.Stored!.CreateInFlight);
        Assert.Null(_kit.Stored.Beds24BookingId);
    }

    [Fact]
    public async Task PushAsync_CreateInFlightFoundByMarker_BindsAndModifiesInsteadOfCreatingAnother()
    {
        // A previous attempt created booking 77 but its answer was lost: the link does not know the id yet.
        var earlier = PushTestKit.InBeds24(PushTestKit.Message(1, nights: 1), 77) with { InfoItems = [BookingIdentity.MarkerFor(PushTestKit.ReservationId)] };
        var stranger = PushTestKit.InBeds24(PushTestKit.Message(1, nights: 1), 60) with { ApiReference = PushTestKit.ReservationId, ApiSource = "Booking.com" };
        _kit.Found = q => q.RoomIds is [200] || q.Ids is [77] ? [stranger, earlier] : [];
        _kit.AcceptWrites();
        _kit.Pending(PushTestKit.Message(2, nights: 3));
        var sentAt = _kit.Time.GetUtcNow().AddMinutes(-3);
        _kit.Stored = _kit.Stored! with { CreateInFlight = new PendingCreate(200, PushTestKit.Arrival, PushTestKit.Arrival.AddDays(1), 1, sentAt) };

        await _kit.CreateService().PushAsync(PushTestKit.AccountId, PushTestKit.ReservationId, CancellationToken.None);

        var modify = Assert.Single(_kit.Written);
        Assert.Equal(77, modify.Id);
        Assert.Null(modify.Actions);
        Assert.Null(modify.InfoItems); // the marker is written once, with the create
        Assert.Equal(PushTestKit.Arrival.AddDays(3), modify.Departure);
        Assert.Equal(77, _kit.Stored!.Beds24BookingId);
        Assert.Null(_kit.Stored.CreateInFlight);
        // One look: the bookings of the room made since the lost create was sent answered it (no arrival-day read).
        var lookup = Assert.Single(_kit.Queries, q => q.RoomIds is not null);
        Assert.Equal(sentAt - CreatedBookingFinder.BookingTimeMargin, lookup.BookingTimeFrom);
        Assert.True(lookup.IncludeInfoItems);
        Assert.Contains(Beds24BookingStatuses.Cancelled, lookup.Statuses!);
    }

    [Fact]
    public async Task PushAsync_CreateInFlightNotFoundByMarker_CreatesOnce()
    {
        _kit.AcceptWrites(newId: 88);
        _kit.Pending(PushTestKit.Message(1));
        _kit.Stored = _kit.Stored! with { CreateInFlight = new PendingCreate(200, PushTestKit.Arrival, PushTestKit.Arrival.AddDays(2), 1, _kit.Time.GetUtcNow()) };

        await _kit.CreateService().PushAsync(PushTestKit.AccountId, PushTestKit.ReservationId, CancellationToken.None);

        Assert.Null(Assert.Single(_kit.Written).Id);
        Assert.Equal(88, _kit.Stored!.Beds24BookingId);
    }

    [Fact]
    public async Task PushAsync_CreateRefusedForNoAvailability_SaysNotCreatedAndClearsTheCreateInFlight()
    {
        _kit.Client.Setup(c => c.WriteBookingsAsync(It.IsAny<IReadOnlyList<Beds24Booking>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([new Beds24WriteResult { Success = false, Errors = [new Beds24Problem("checkAvailability", "roomId", "No availability")] }]);
        _kit.Pending(PushTestKit.Message(1));

        var failure = await Assert.ThrowsAsync<SyncFailureException>(() => _kit.CreateService().PushAsync(PushTestKit.AccountId, PushTestKit.ReservationId, CancellationToken.None));

        Assert.False(failure.IsTransient);
        Assert.Equal(DeadLetterCategories.NoAvailability, failure.Category);
        Assert.Contains("NOT created", failure.Message, StringComparison.Ordinal);
        Assert.Null(_kit.Stored!.CreateInFlight);
    }

    [Fact]
    public async Task PushAsync_LegacyLinkWithoutId_TakesOnlyAnUnmarkedNonChannelBookingByApiReference()
    {
        var channelBooking = PushTestKit.InBeds24(PushTestKit.Message(1), 60) with { ApiReference = PushTestKit.ReservationId, ApiSource = "Airbnb" };
        _kit.Found = q => q.ApiReferences is [PushTestKit.ReservationId] ? [channelBooking] : [];
        _kit.AcceptWrites(newId: 90);
        _kit.Pending(PushTestKit.Message(2), appliedVersion: 1);

        await _kit.CreateService().PushAsync(PushTestKit.AccountId, PushTestKit.ReservationId, CancellationToken.None);

        Assert.Null(Assert.Single(_kit.Written).Id); // the Airbnb booking sharing the reference is not ours
        Assert.Equal(90, _kit.Stored!.Beds24BookingId);
    }

    [Fact]
    public async Task PushAsync_ModificationAddingNightsWithoutAvailability_IsRefusedAndNothingIsWritten()
    {
        var applied = PushTestKit.Message(1, nights: 2);
        _kit.Found = _ => [PushTestKit.InBeds24(applied, 77)];
        _kit.Available = _ => 0;
        _kit.AcceptWrites();
        _kit.Pending(PushTestKit.Message(2, nights: 4), appliedVersion: 1, beds24Id: 77);

        var failure = await Assert.ThrowsAsync<SyncFailureException>(() => _kit.CreateService().PushAsync(PushTestKit.AccountId, PushTestKit.ReservationId, CancellationToken.None));

        Assert.Equal(DeadLetterCategories.NoAvailability, failure.Category);
        Assert.Empty(_kit.Written);
        var check = Assert.Single(_kit.CalendarQueries);
        Assert.Equal(PushTestKit.Arrival.AddDays(2), check.StartDate); // only the nights the booking does not hold yet
        Assert.Equal(PushTestKit.Arrival.AddDays(3), check.EndDate);
    }

    [Fact]
    public async Task PushAsync_ReactivatingACancelledBooking_ChecksEveryNight()
    {
        var cancelled = PushTestKit.InBeds24(PushTestKit.Message(1, PmsReservationStatuses.Cancelled), 77);
        _kit.Found = _ => [cancelled];
        _kit.AcceptWrites();
        _kit.Pending(PushTestKit.Message(2), appliedVersion: 1, beds24Id: 77);

        await _kit.CreateService().PushAsync(PushTestKit.AccountId, PushTestKit.ReservationId, CancellationToken.None);

        var check = Assert.Single(_kit.CalendarQueries);
        Assert.Equal((PushTestKit.Arrival, PushTestKit.Arrival.AddDays(1)), (check.StartDate, check.EndDate));
        Assert.Equal(77, Assert.Single(_kit.Written).Id);
    }

    [Fact]
    public async Task PushAsync_LinkedBookingNotReturnedByTheRead_IsWrittenByIdNeverCreatedAgain()
    {
        _kit.AcceptWrites(newId: 999);
        _kit.Pending(PushTestKit.Message(2), appliedVersion: 1, beds24Id: 77);

        await _kit.CreateService().PushAsync(PushTestKit.AccountId, PushTestKit.ReservationId, CancellationToken.None);

        Assert.Equal(77, Assert.Single(_kit.Written).Id);
        Assert.Equal(77, _kit.Stored!.Beds24BookingId);
    }

    [Fact]
    public async Task PushAsync_Beds24AlreadyHoldsTheDesiredState_WritesNothing()
    {
        var message = PushTestKit.Message(3);
        _kit.Found = q => [PushTestKit.InBeds24(message, 77)];
        _kit.Pending(message, appliedVersion: 2, beds24Id: 77);

        var outcome = await _kit.CreateService().PushAsync(PushTestKit.AccountId, PushTestKit.ReservationId, CancellationToken.None);

        Assert.Equal(PushOutcome.Applied, outcome);
        _kit.Client.Verify(c => c.WriteBookingsAsync(It.IsAny<IReadOnlyList<Beds24Booking>>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Equal(3, _kit.Stored!.PmsVersion);
        Assert.Null(_kit.Stored.PendingMessage);
    }

    [Theory]
    [InlineData(5, 5)]
    [InlineData(4, 5)]
    public async Task PushAsync_PendingVersionNotNewerThanApplied_CallsNoOne(long pending, long applied)
    {
        _kit.Pending(PushTestKit.Message(pending), appliedVersion: applied, beds24Id: 77);

        var outcome = await _kit.CreateService().PushAsync(PushTestKit.AccountId, PushTestKit.ReservationId, CancellationToken.None);

        Assert.Equal(PushOutcome.NothingPending, outcome);
        _kit.Factory.Verify(f => f.GetClient(It.IsAny<string>()), Times.Never);
        Assert.Empty(_kit.Saved);
    }

    [Fact]
    public async Task PushAsync_Cancel_SetsStatusCancelledAndNeverDeletes()
    {
        _kit.Found = _ => [PushTestKit.InBeds24(PushTestKit.Message(1), 77)];
        _kit.AcceptWrites();
        _kit.Pending(PushTestKit.Message(2, PmsReservationStatuses.Cancelled, PmsBookingActions.Cancel), appliedVersion: 1, beds24Id: 77);

        await _kit.CreateService().PushAsync(PushTestKit.AccountId, PushTestKit.ReservationId, CancellationToken.None);

        var cancel = Assert.Single(_kit.Written);
        Assert.Equal(77, cancel.Id);
        Assert.Equal(Beds24BookingStatuses.Cancelled, cancel.Status);
        _kit.Client.Verify(c => c.DeleteBookingsAsync(It.IsAny<IReadOnlyList<long>>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Equal(PmsReservationStatuses.Cancelled, _kit.Stored!.Status);
    }

    [Fact]
    public async Task PushAsync_CancelWithHardDelete_DeletesTheBooking()
    {
        _kit.Found = _ => [PushTestKit.InBeds24(PushTestKit.Message(1), 77)];
        _kit.Client.Setup(c => c.DeleteBookingsAsync(It.IsAny<IReadOnlyList<long>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([new Beds24WriteResult { Success = true, BookingId = 77 }]);
        _kit.Pending(PushTestKit.Message(2, PmsReservationStatuses.Cancelled, PmsBookingActions.Cancel, hardDelete: true), appliedVersion: 1, beds24Id: 77);

        await _kit.CreateService().PushAsync(PushTestKit.AccountId, PushTestKit.ReservationId, CancellationToken.None);

        _kit.Client.Verify(c => c.DeleteBookingsAsync(It.Is<IReadOnlyList<long>>(ids => ids.SequenceEqual(new long[] { 77 })), It.IsAny<CancellationToken>()), Times.Once);
        _kit.Client.Verify(c => c.WriteBookingsAsync(It.IsAny<IReadOnlyList<Beds24Booking>>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task PushAsync_CancelOfABookingBeds24NeverHad_WritesNothingAndRecordsIt()
    {
        _kit.Pending(PushTestKit.Message(1, PmsReservationStatuses.Cancelled, PmsBookingActions.Cancel));

        await _kit.CreateService().PushAsync(PushTestKit.AccountId, PushTestKit.ReservationId, CancellationToken.None);

        _kit.Client.Verify(c => c.WriteBookingsAsync(It.IsAny<IReadOnlyList<Beds24Booking>>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Equal(1, _kit.Stored!.PmsVersion);
    }

    [Fact]
    public async Task PushAsync_ItemResultUnsuccessful_IsPermanentAndCarriesBeds24sErrors()
    {
        _kit.Client.Setup(c => c.WriteBookingsAsync(It.IsAny<IReadOnlyList<Beds24Booking>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([new Beds24WriteResult { Success = false, Errors = [new Beds24Problem("new", "roomId", "room not found")] }]);
        _kit.Pending(PushTestKit.Message(1));

        var failure = await Assert.ThrowsAsync<SyncFailureException>(() => _kit.CreateService().PushAsync(PushTestKit.AccountId, PushTestKit.ReservationId, CancellationToken.None));

        Assert.False(failure.IsTransient);
        Assert.Contains("room not found", failure.Message, StringComparison.Ordinal);
        Assert.NotNull(_kit.Stored!.PendingMessage); // still pending: a replay can push it
    }

    [Fact]
    public async Task PushAsync_NoAvailability_IsPermanentAndSaysItWasNotCreated()
    {
        _kit.Client.Setup(c => c.WriteBookingsAsync(It.IsAny<IReadOnlyList<Beds24Booking>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([new Beds24WriteResult { Success = false, Errors = [new Beds24Problem("checkAvailability", null, "not available")] }]);
        _kit.Pending(PushTestKit.Message(1));

        var failure = await Assert.ThrowsAsync<SyncFailureException>(() => _kit.CreateService().PushAsync(PushTestKit.AccountId, PushTestKit.ReservationId, CancellationToken.None));

        Assert.False(failure.IsTransient);
        Assert.Contains("NOT created", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PushAsync_WriteAnsweredWithWrongNumberOfResults_IsTransient()
    {
        _kit.Client.Setup(c => c.WriteBookingsAsync(It.IsAny<IReadOnlyList<Beds24Booking>>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        _kit.Pending(PushTestKit.Message(1));

        var failure = await Assert.ThrowsAsync<SyncFailureException>(() => _kit.CreateService().PushAsync(PushTestKit.AccountId, PushTestKit.ReservationId, CancellationToken.None));

        Assert.True(failure.IsTransient);
    }

    public static TheoryData<Exception, bool> Beds24Failures() => new()
    {
        { new Beds24ApiException("bad gateway", HttpStatusCode.BadGateway), true },
        { new Beds24RateLimitException("credits spent", TimeSpan.FromMinutes(2)), true },
        { new Beds24NetworkException("connection reset"), true },
        { new HttpRequestException("socket closed"), true },
        { new TimeoutException("timed out"), true },
        { new Beds24AuthenticationException("refresh token revoked", HttpStatusCode.Unauthorized), false },
        { new Beds24ValidationException("arrival invalid", HttpStatusCode.BadRequest, null, [new Beds24Problem(null, "arrival", "invalid")]), false },
    };

    [Theory]
    [MemberData(nameof(Beds24Failures))]
    public async Task PushAsync_Beds24CallFails_IsClassifiedTransientOrPermanent(Exception thrown, bool transient)
    {
        _kit.Client.Setup(c => c.GetBookingsAsync(It.IsAny<BookingQuery>(), It.IsAny<CancellationToken>())).Throws(thrown);
        _kit.Pending(PushTestKit.Message(2), appliedVersion: 1, beds24Id: 77);

        var failure = await Assert.ThrowsAsync<SyncFailureException>(() => _kit.CreateService().PushAsync(PushTestKit.AccountId, PushTestKit.ReservationId, CancellationToken.None));

        Assert.Equal(transient, failure.IsTransient);
        Assert.Same(thrown, failure.InnerException);
        _kit.Telemetry.Verify(t => t.RecordPush(SyncOutcome.Failed, It.IsAny<TimeSpan>()), Times.Once);
        _kit.Telemetry.Verify(t => t.RecordBeds24Reachable(false), thrown is Beds24NetworkException ? Times.Once() : Times.Never());
    }

    [Fact]
    public async Task PushAsync_UnknownRoomType_IsAPermanentMappingFailure()
    {
        _kit.Pending(PushTestKit.Message(1, roomType: "PENTHOUSE"));

        var failure = await Assert.ThrowsAsync<SyncFailureException>(() => _kit.CreateService().PushAsync(PushTestKit.AccountId, PushTestKit.ReservationId, CancellationToken.None));

        Assert.False(failure.IsTransient);
        Assert.Equal(DeadLetterCategories.Mapping, failure.Category);
        Assert.Contains("PENTHOUSE", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PushAsync_ConflictHeldForOperator_WritesNothingAndKeepsItPending()
    {
        _kit.Gate.Setup(g => g.CheckAsync(It.IsAny<ConflictCandidate>(), It.IsAny<CancellationToken>())).ReturnsAsync(new ConflictCheckResult(ConflictOutcomes.Held, "c-1"));
        _kit.Found = _ => [PushTestKit.InBeds24(PushTestKit.Message(1), 77)];
        _kit.Pending(PushTestKit.Message(2, nights: 5), appliedVersion: 1, beds24Id: 77);

        var outcome = await _kit.CreateService().PushAsync(PushTestKit.AccountId, PushTestKit.ReservationId, CancellationToken.None);

        Assert.Equal(PushOutcome.HeldForConflict, outcome);
        _kit.Client.Verify(c => c.WriteBookingsAsync(It.IsAny<IReadOnlyList<Beds24Booking>>(), It.IsAny<CancellationToken>()), Times.Never);
        _kit.Gate.Verify(g => g.CheckAsync(It.Is<ConflictCandidate>(c => c.Origin == ChangeOrigins.Pms && c.PmsVersion == 2 && c.Beds24State!.Id == 77), It.IsAny<CancellationToken>()));
        Assert.NotNull(_kit.Stored!.PendingMessage);
    }

    [Fact]
    public async Task PushAsync_LinkSaveLosesARace_RereadsAndSavesAgain()
    {
        _kit.AcceptWrites();
        _kit.Pending(PushTestKit.Message(1));
        var races = 0;
        _kit.Client.Setup(c => c.WriteBookingsAsync(It.IsAny<IReadOnlyList<Beds24Booking>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((IReadOnlyList<Beds24Booking> items, CancellationToken _) =>
            {
                // Someone else touched the link while Beds24 was being written (e.g. the inbound flow).
                races++;
                _kit.Stored = _kit.Stored! with { ETag = new Azure.ETag("someone-else"), LastPublishedToPmsAt = _kit.Time.GetUtcNow() };
                return [new Beds24WriteResult { Success = true, BookingId = 501 }];
            });

        await _kit.CreateService().PushAsync(PushTestKit.AccountId, PushTestKit.ReservationId, CancellationToken.None);

        Assert.Equal(1, races);
        Assert.Equal(2, _kit.Saved.Count); // the create in flight, then the result
        var saved = _kit.Saved[^1];
        Assert.Equal(501, saved.Beds24BookingId);
        Assert.Equal(_kit.Time.GetUtcNow(), saved.LastPublishedToPmsAt); // the other writer's change survived
    }

    [Fact]
    public async Task PushAsync_NewerVersionArrivesDuringThePush_PushesTheNewerOneToo()
    {
        var v1 = PushTestKit.Message(1, nights: 1);
        var v2 = PushTestKit.Message(2, nights: 4);
        _kit.Found = q => q.Ids is [501] ? [PushTestKit.InBeds24(_kit.Written.Count > 1 ? v2 : v1, 501)] : [];
        _kit.AcceptWrites(newId: 501);
        _kit.Pending(v1);
        _kit.Client.Setup(c => c.WriteBookingsAsync(It.IsAny<IReadOnlyList<Beds24Booking>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((IReadOnlyList<Beds24Booking> items, CancellationToken _) =>
            {
                _kit.Written.AddRange(items);
                if (_kit.Written.Count == 1)
                {
                    // The intake stores v2 while v1 is being created.
                    _kit.Stored = _kit.Stored! with { PendingVersion = 2, PendingMessage = SyncJson.Serialize(v2), ETag = new Azure.ETag("intake") };
                }

                return [new Beds24WriteResult { Success = true, BookingId = 501 }];
            });

        await _kit.CreateService().PushAsync(PushTestKit.AccountId, PushTestKit.ReservationId, CancellationToken.None);

        Assert.Equal(2, _kit.Written.Count);
        Assert.Null(_kit.Written[0].Id);
        Assert.Equal(501, _kit.Written[1].Id);
        Assert.Equal(PushTestKit.Arrival.AddDays(4), _kit.Written[1].Departure);
        Assert.Equal(2, _kit.Stored!.PmsVersion);
        Assert.Null(_kit.Stored.PendingMessage);
    }

    [Fact]
    public async Task ReleasePendingAsync_DeadLetteredVersion_ForgetsItButKeepsANewerOne()
    {
        _kit.Pending(PushTestKit.Message(3), appliedVersion: 1, beds24Id: 77);
        var service = _kit.CreateService();

        await service.ReleasePendingAsync(PushTestKit.AccountId, PushTestKit.ReservationId, version: 2, CancellationToken.None);
        var afterOlder = _kit.Stored!;
        await service.ReleasePendingAsync(PushTestKit.AccountId, PushTestKit.ReservationId, version: 3, CancellationToken.None);

        Assert.NotNull(afterOlder.PendingMessage);
        Assert.Null(_kit.Stored!.PendingMessage);
        Assert.Equal(1, _kit.Stored.PendingVersion);
    }
}
