using Beds24.Api;
using Beds24.Api.Models;
using Beds24Sync.BookingLinks;
using Beds24Sync.Conflicts;
using Beds24Sync.Contracts;
using Beds24Sync.DeadLetters;
using Beds24Sync.Guests;
using Beds24Sync.Mapping;
using Beds24Sync.Push;
using Beds24Sync.Queues;
using Beds24Sync.Storage;
using Microsoft.Extensions.Logging;

namespace Beds24Sync.Inbound;

/// <summary>
/// Beds24 → PMS. Every hint (webhook, pull) is a reason to look, not the truth: bookings are re-read from Beds24 in
/// batches, stale and duplicate versions (and echoes of our own pushes) are dropped by content hash and modifiedTime
/// against the booking link, conflicts are checked, the guest matched, and one <see cref="BookingChangedMessage"/>
/// per version goes to pms-inbound. The link write (ETag) decides who publishes, so concurrent duplicates publish once;
/// a crash between the two republishes with the same message id.
/// </summary>
public sealed partial class InboundProcessor(IBeds24ClientFactory beds24, IBookingLinkStore links, IMappingStore mappings, GuestMatcher guests,
    IConflictGate conflicts, IQueuePublisher queues, IDeadLetterStore deadLetters, Operations.SyncTelemetry telemetry, TimeProvider time, ILogger<InboundProcessor> logger)
{
    public async Task<InboundTally> ProcessAsync(InboundWorkItem item, CancellationToken cancellationToken)
    {
        var ids = item.BookingIds.Concat(item.DeletedBookingIds ?? []).Distinct().ToList();
        var client = beds24.GetClient(item.AccountId);
        List<Beds24Booking> found;
        try
        {
            found = await client.GetBookingsAsync(new BookingQuery { Ids = ids, Statuses = Beds24BookingStatuses.All }, cancellationToken)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            telemetry.RecordBeds24Reachable();
        }
        catch (Beds24.Api.Errors.Beds24ApiException api)
        {
            telemetry.RecordApiError(unreachable: api is Beds24.Api.Errors.Beds24NetworkException);
            throw;
        }
        var tally = await ProcessBookingsAsync(item.AccountId, found, item.Source, cancellationToken).ConfigureAwait(false);
        foreach (var missing in ids.Except(found.Select(b => b.Id ?? 0)))
        {
            tally.Add(await PublishDeletedAsync(item.AccountId, missing, cancellationToken).ConfigureAwait(false));
        }

        return tally;
    }

    /// <summary>Bookings processed at once: independent bookings, each guarded by its own link's ETag.</summary>
    public const int Parallelism = 16;

    /// <summary>Process bookings already read from Beds24 (pulls use this directly: no second read).</summary>
    public async Task<InboundTally> ProcessBookingsAsync(string accountId, IEnumerable<Beds24Booking> bookings, string source, CancellationToken cancellationToken)
    {
        var tally = new InboundTally();
        var gate = new object();
        SyncFailureException? transient = null;
        var lookups = new MappingLookups(mappings, accountId);
        await Parallel.ForEachAsync(bookings, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (booking, token) =>
        {
            InboundOutcome outcome;
            var started = time.GetTimestamp();
            using var span = Operations.SyncTelemetry.Tracing.StartActivity("inbound booking");
            span?.SetTag("beds24sync.account", accountId);
            span?.SetTag("beds24sync.booking", booking.Id);
            try
            {
                outcome = await ProcessOneAsync(accountId, booking, source, lookups, token).ConfigureAwait(false);
                span?.SetTag("beds24sync.outcome", outcome.ToString());
                telemetry.RecordOutcome("inbound", true, time.GetElapsedTime(started));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
            {
                telemetry.RecordOutcome("inbound", false, time.GetElapsedTime(started));
                var failure = SyncFailureException.From(ex);
                if (failure.IsTransient)
                {
                    // Finish the others first; the whole batch is retried and what is done is then unchanged.
                    lock (gate)
                    {
                        transient ??= failure;
                    }

                    return;
                }

                await DeadLetterAsync(accountId, booking.Id ?? 0, source, failure, token).ConfigureAwait(false);
                outcome = InboundOutcome.DeadLettered;
            }

            lock (gate)
            {
                tally.Add(outcome);
            }
        }).ConfigureAwait(false);

        if (transient is not null)
        {
            throw transient;
        }

        return tally;
    }

    private async Task<InboundOutcome> ProcessOneAsync(string accountId, Beds24Booking booking, string source, MappingLookups lookups, CancellationToken cancellationToken)
    {
        var bookingId = booking.Id ?? throw SyncFailureException.Permanent("Beds24 returned a booking without an id.", DeadLetterCategories.Validation);
        var force = source is InboundSources.Conflict or InboundSources.Replay;
        var hash = BookingContentHash.Of(booking);
        for (var attempt = 0; ; attempt++)
        {
            var link = await links.GetByBeds24IdAsync(accountId, bookingId, cancellationToken).ConfigureAwait(false)
                ?? (string.IsNullOrEmpty(booking.ApiReference) ? null : await links.GetByReservationAsync(accountId, booking.ApiReference, cancellationToken).ConfigureAwait(false));
            var republish = link?.PendingPublishHash == hash;
            if (!force && !republish && link is not null)
            {
                if (link.Beds24Hash == hash)
                {
                    return InboundOutcome.Unchanged; // a duplicate hint, or the echo of our own push
                }

                if (booking.ModifiedTime is { } modified && link.Beds24ModifiedTime is { } known && modified < known)
                {
                    return InboundOutcome.Stale;
                }
            }

            var room = await lookups.RoomAsync(booking.RoomId ?? 0, cancellationToken).ConfigureAwait(false)
                ?? throw new MappingException($"Beds24 room {booking.RoomId} (booking {bookingId}) has no RoomMappings row in account '{accountId}'. Add it, then replay.");
            var property = await lookups.PropertyAsync(room.PmsPropertyId, cancellationToken).ConfigureAwait(false);

            if (!force && !republish)
            {
                var pmsState = PmsStateOf(link);
                var check = await conflicts.CheckAsync(new ConflictCandidate(accountId, ChangeOrigins.Beds24, link, pmsState, link?.PendingVersion, booking), cancellationToken).ConfigureAwait(false);
                if (check.Outcome == ConflictOutcomes.Held)
                {
                    return InboundOutcome.HeldForConflict;
                }

                if (check.Outcome == ConflictOutcomes.IncomingLoses)
                {
                    return InboundOutcome.Overruled; // the PMS's pending change wins and will overwrite Beds24
                }
            }

            var match = await guests.MatchAsync(accountId, booking, property?.CountryCode, cancellationToken).ConfigureAwait(false);
            var reservationId = link?.ReservationId ?? BookingMapper.ReservationIdFor(booking);
            var reservation = BookingMapper.ToPms(booking, room, reservationId, match.PmsGuestId);
            var isNew = link is null || link.LastPublishedReservation is null;
            BookingLink recorded;
            if (republish)
            {
                recorded = link!;
            }
            else
            {
                try
                {
                    recorded = await links.SaveAsync((link ?? new BookingLink { AccountId = accountId, ReservationId = reservationId }) with
                    {
                        Beds24BookingId = bookingId,
                        PropertyId = room.PmsPropertyId,
                        Channel = reservation.Channel,
                        Status = reservation.Status,
                        Beds24Hash = hash,
                        Beds24ModifiedTime = booking.ModifiedTime ?? link?.Beds24ModifiedTime,
                        PendingPublishHash = hash,
                    }, cancellationToken).ConfigureAwait(false);
                }
                catch (ConcurrencyConflictException) when (attempt < 5)
                {
                    continue; // another worker recorded this booking meanwhile: look again
                }
            }

            await queues.SendAsync(StorageNames.Queues.PmsInbound, new BookingChangedMessage
            {
                MessageId = $"{accountId}-{bookingId}-{hash}",
                ChangeType = booking.Status == Beds24BookingStatuses.Cancelled ? BookingChangeTypes.Cancelled : isNew ? BookingChangeTypes.Created : BookingChangeTypes.Modified,
                AccountId = accountId,
                Beds24BookingId = bookingId,
                Beds24ModifiedTime = booking.ModifiedTime,
                ContentHash = hash,
                Reservation = reservation,
                IsNewToPms = isNew,
                GuestMatch = match,
                PublishedAt = time.GetUtcNow(),
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
            await ConfirmPublishedAsync(recorded, hash, reservation, cancellationToken).ConfigureAwait(false);
            LogPublished(logger, accountId, bookingId, reservation.Status);
            return InboundOutcome.Published;
        }
    }

    private async Task<InboundOutcome> PublishDeletedAsync(string accountId, long bookingId, CancellationToken cancellationToken)
    {
        var link = await links.GetByBeds24IdAsync(accountId, bookingId, cancellationToken).ConfigureAwait(false);
        if (link is null || link.Status == DeletedStatus || PmsStateOf(link) is not { } last)
        {
            return InboundOutcome.Unchanged; // the PMS never knew it, or already heard
        }

        await queues.SendAsync(StorageNames.Queues.PmsInbound, new BookingChangedMessage
        {
            MessageId = $"{accountId}-{bookingId}-deleted",
            ChangeType = BookingChangeTypes.Deleted,
            AccountId = accountId,
            Beds24BookingId = bookingId,
            ContentHash = "deleted",
            Reservation = last with { Status = PmsReservationStatuses.Cancelled },
            PublishedAt = time.GetUtcNow(),
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
        await links.SaveAsync(link with { Status = DeletedStatus, Beds24Hash = "deleted", LastSyncedAt = time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
        return InboundOutcome.DeletedPublished;
    }

    private async Task ConfirmPublishedAsync(BookingLink link, string hash, PmsReservation reservation, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (link.PendingPublishHash != hash)
            {
                return; // a newer version took over; it will confirm itself
            }

            try
            {
                await links.SaveAsync(link with
                {
                    PendingPublishHash = null,
                    LastPublishedReservation = SyncJson.Serialize(reservation),
                    LastPublishedToPmsAt = time.GetUtcNow(),
                    LastSyncedAt = time.GetUtcNow(),
                }, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (ConcurrencyConflictException)
            {
                link = await links.GetByReservationAsync(link.AccountId, link.ReservationId, cancellationToken).ConfigureAwait(false) ?? link;
            }
        }
    }

    private async Task DeadLetterAsync(string accountId, long bookingId, string source, SyncFailureException failure, CancellationToken cancellationToken)
    {
        var item = new InboundWorkItem
        {
            MessageId = $"inbound-{accountId}-{bookingId}-{time.GetUtcNow().ToUnixTimeSeconds()}",
            AccountId = accountId,
            Source = InboundSources.Replay,
            BookingIds = [bookingId],
            CreatedAt = time.GetUtcNow(),
        };
        await deadLetters.AddAsync(new DeadLetterMessage
        {
            MessageId = item.MessageId,
            Source = StorageNames.Queues.Beds24Inbound,
            Category = failure.Category,
            Reason = failure.Message,
            Attempts = 1,
            AccountId = accountId,
            Subject = $"beds24 booking {bookingId} (from {source})",
            OriginalMessage = SyncJson.Serialize(item),
            DeadLetteredAt = time.GetUtcNow(),
        }, cancellationToken).ConfigureAwait(false);
    }

    private static PmsReservation? PmsStateOf(BookingLink? link)
    {
        if (link?.PendingMessage is { } pending && link.PendingVersion > link.PmsVersion)
        {
            return SyncJson.Deserialize<PmsBookingMessage>(pending)?.Reservation;
        }

        return link?.LastPublishedReservation is { } last ? SyncJson.Deserialize<PmsReservation>(last) : null;
    }

    private const string DeletedStatus = "deleted";

    [LoggerMessage(Level = LogLevel.Information, Message = "Published Beds24 booking {BookingId} of account {AccountId} ({Status}) to the PMS")]
    private static partial void LogPublished(ILogger logger, string accountId, long bookingId, string status);
}
