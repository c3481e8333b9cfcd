using System.Security.Cryptography;
using System.Text;
using Beds24.Api;
using Beds24.Api.Errors;
using Beds24.Api.Models;
using Beds24Sync.BookingLinks;
using Beds24Sync.Conflicts;
using Beds24Sync.Contracts;
using Beds24Sync.Core;
using Beds24Sync.DeadLetters;
using Beds24Sync.Guests;
using Beds24Sync.Mapping;
using Beds24Sync.Operations;
using Beds24Sync.Push;
using Beds24Sync.Queues;
using Beds24Sync.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Inbound;

/// <summary>
/// Beds24 → PMS. Every hint (webhook, pull) is a reason to look, not the truth: bookings are re-read from Beds24 in
/// batches, stale and duplicate versions (and echoes of our own pushes) are dropped by content hash and modifiedTime
/// against the booking link, conflicts are checked, the guest matched, and one <see cref="BookingChangedMessage"/>
/// per version goes to pms-inbound.
/// </summary>
/// <remarks>
/// Exactly one message per version: the link is the arbiter. A worker first records the version on the link
/// (<see cref="BookingLink.PendingPublishHash"/> plus its claim, written with the link's ETag), then publishes, then
/// confirms. Only the ETag winner publishes; a concurrent duplicate either loses the write and re-reads, or finds the
/// version pending under another fresh claim and leaves it to that worker (<see cref="InboundOutcome.InFlight"/>).
/// The owner's redelivered work item, or anyone after <see cref="InboundOptions.PublishClaimTimeout"/>, takes over a
/// pending version (again through an ETag write). The only repeat left is a crash between publish and confirm; the
/// repeat carries the same hash-based messageId, so the PMS drops it.
/// </remarks>
public sealed partial class InboundProcessor(IBeds24ClientFactory beds24, IBookingLinkStore links, IMappingStore mappings, GuestMatcher guests,
    IConflictGate conflicts, IQueuePublisher queues, IDeadLetterStore deadLetters, SyncTelemetry telemetry, IOptions<InboundOptions> options,
    TimeProvider time, ILogger<InboundProcessor> logger, InboundReadCoalescer? coalescer = null)
{
    /// <summary>Ids per read: one Beds24 page, and a URL well within limits.</summary>
    public const int IdsPerRead = BookingIdReads.MaxIdsPerRead;

    /// <summary>Hash recorded on a link whose booking no longer exists in Beds24.</summary>
    public const string DeletedHash = "deleted";

    private const string DeletedStatus = "deleted";
    private const int MaxLinkRaces = 5;

    private readonly InboundOptions _options = options.Value;

    /// <summary>
    /// Re-read the work item's bookings (all statuses) and bring each to the PMS. Absence is not deletion: an id the
    /// read does not return is read again in a way no default hides (<see cref="BookingIdentity.ConfirmGone"/>), and
    /// only an id missing from both is reported deleted.
    /// </summary>
    public async Task<InboundTally> ProcessAsync(InboundWorkItem item, CancellationToken cancellationToken)
    {
        // Re-reads can wait for the next credit window; pushes must not (Beds24CallPriority).
        using var background = Beds24.Api.Credits.Beds24CallPriority.Background();
        var ids = item.BookingIds.Concat(item.DeletedBookingIds ?? []).Where(id => id > 0).Distinct().ToList();
        var tally = new InboundTally();
        var client = beds24.GetClient(item.AccountId);
        foreach (var chunk in ids.Chunk(IdsPerRead))
        {
            var found = coalescer is null
                ? await ReadAsync(client, BookingIdentity.ById(chunk), cancellationToken).ConfigureAwait(false)
                : await CoalescedReadAsync(item.AccountId, chunk, cancellationToken).ConfigureAwait(false);
            var foundIds = found.Select(b => b.Id ?? 0).ToHashSet();
            var missing = chunk.Where(id => !foundIds.Contains(id)).ToList();
            var gone = new List<long>();
            if (missing.Count > 0)
            {
                var known = new List<(long Id, BookingLink Link)>();
                foreach (var id in missing)
                {
                    if (await links.GetByBeds24IdAsync(item.AccountId, id, cancellationToken).ConfigureAwait(false) is { } link)
                    {
                        known.Add((id, link));
                    }
                }

                // Only bookings the PMS may know need the second look (an unknown id missing twice is nothing to report).
                if (known.Count > 0)
                {
                    var since = known.Min(k => k.Link.Beds24ModifiedTime ?? DateTimeOffset.UnixEpoch);
                    var second = await ReadAsync(client, BookingIdentity.ConfirmGone([.. known.Select(k => k.Id)], since), cancellationToken).ConfigureAwait(false);
                    var secondIds = second.Select(b => b.Id ?? 0).ToHashSet();
                    found.AddRange(second.Where(b => !foundIds.Contains(b.Id ?? 0)));
                    gone.AddRange(known.Select(k => k.Id).Where(id => !secondIds.Contains(id)));
                }
            }

            tally.Add(await ProcessBookingsAsync(item.AccountId, found, item.Source, item.MessageId, cancellationToken).ConfigureAwait(false));
            foreach (var id in gone)
            {
                tally.Add(await PublishDeletedAsync(item.AccountId, id, item.Source, item.MessageId, cancellationToken).ConfigureAwait(false));
            }
        }

        return tally;
    }

    /// <summary>Process bookings already read from Beds24 (pulls use this directly: no second read).</summary>
    /// <param name="claim">Who is processing (work item id or pull run id): a redelivery of the same work may resume its own unconfirmed publish.</param>
    /// <exception cref="SyncFailureException">Transient: some bookings could not be processed now; the rest are done and the whole batch may be retried.</exception>
    public async Task<InboundTally> ProcessBookingsAsync(string accountId, IEnumerable<Beds24Booking> bookings, string source, string claim, CancellationToken cancellationToken)
    {
        var tally = new InboundTally();
        var gate = new object();
        SyncFailureException? transient = null;
        var lookups = new MappingLookups(mappings, accountId);
        await Parallel.ForEachAsync(bookings, new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = cancellationToken }, async (booking, token) =>
        {
            InboundOutcome outcome;
            var started = time.GetTimestamp();
            using var span = SyncTelemetry.Tracing.StartActivity("inbound booking");
            span?.SetTag("beds24sync.account", accountId);
            span?.SetTag("beds24sync.booking", booking.Id);
            try
            {
                outcome = await ProcessOneAsync(accountId, booking, source, claim, lookups, token).ConfigureAwait(false);
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

    private async Task<List<Beds24Booking>> CoalescedReadAsync(string accountId, IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        try
        {
            var found = await coalescer!.ReadAsync(accountId, ids, cancellationToken).ConfigureAwait(false);
            telemetry.RecordBeds24Reachable();
            return found;
        }
        catch (Beds24ApiException api)
        {
            telemetry.RecordApiError(unreachable: api is Beds24NetworkException);
            throw;
        }
    }

    private async Task<List<Beds24Booking>> ReadAsync(IBeds24Client client, BookingQuery query, CancellationToken cancellationToken)
    {
        try
        {
            var found = await client.GetBookingsAsync(query, cancellationToken)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            telemetry.RecordBeds24Reachable();
            return found;
        }
        catch (Beds24ApiException api)
        {
            telemetry.RecordApiError(unreachable: api is Beds24NetworkException);
            throw;
        }
    }

    private async Task<InboundOutcome> ProcessOneAsync(string accountId, Beds24Booking booking, string source, string claim, MappingLookups lookups, CancellationToken cancellationToken)
    {
        var bookingId = booking.Id ?? throw SyncFailureException.Permanent("Beds24 returned a booking without an id.", DeadLetterCategories.Validation);
        var force = IsForced(source);
        var hash = BookingContentHash.Of(booking);
        for (var attempt = 0; ; attempt++)
        {
            // Identity: the link bound to this booking id; else, for a booking we created (our marker), its
            // reservation's link if that is not bound to another booking. Never apiReference (the OTA's).
            var link = await links.GetByBeds24IdAsync(accountId, bookingId, cancellationToken).ConfigureAwait(false);
            var reservationId = link?.ReservationId ?? BookingMapper.Beds24ReservationPrefix + bookingId;
            if (link is null && BookingIdentity.MarkedReservationId(booking) is { } marked)
            {
                var markedLink = await links.GetByReservationAsync(accountId, marked, cancellationToken).ConfigureAwait(false);
                if (markedLink?.Beds24BookingId is null)
                {
                    reservationId = marked;
                    if (markedLink is not null)
                    {
                        // Our own create, whose answer we may have lost: bind it so the push modifies it instead of creating again.
                        var bound = await BindCreatedAsync(markedLink, bookingId, attempt < MaxLinkRaces, cancellationToken).ConfigureAwait(false);
                        if (bound is null)
                        {
                            continue; // the link changed meanwhile: decide again
                        }

                        if (bound.PendingMessage is not null && bound.PendingVersion > bound.PmsVersion)
                        {
                            return InboundOutcome.Unchanged; // the push in progress brings Beds24 to the PMS's state
                        }

                        link = bound;
                    }
                }
                else
                {
                    LogDuplicateMarker(logger, accountId, bookingId, marked, markedLink.Beds24BookingId.Value);
                }
            }

            var resume = link?.PendingPublishHash == hash;
            if (resume && !MayTakeOver(link!, claim, force))
            {
                return InboundOutcome.InFlight;
            }

            if (!force && !resume && link is not null)
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
            var pmsState = PmsStateOf(link);

            if (!force && !resume)
            {
                // Resumed versions passed the gate when they were recorded; forced ones were decided by it.
                var check = await conflicts.CheckAsync(new ConflictCandidate(accountId, ChangeOrigins.Beds24, link, pmsState, link?.PendingVersion, booking), cancellationToken).ConfigureAwait(false);
                if (check.Outcome == ConflictOutcomes.Held)
                {
                    return InboundOutcome.HeldForConflict;
                }

                if (check.Outcome == ConflictOutcomes.IncomingLoses)
                {
                    return InboundOutcome.Overruled; // the PMS's change wins and will overwrite Beds24
                }
            }

            var match = await guests.MatchAsync(accountId, booking, pmsState?.Guest, property?.CountryCode, cancellationToken).ConfigureAwait(false);
            var reservation = BookingMapper.ToPms(booking, room, reservationId, match.PmsGuestId, link?.Channel);
            var isNew = link?.LastPublishedReservation is null;
            BookingLink recorded;
            try
            {
                // The arbiter: whoever writes this version onto the link first (ETag) is its only publisher.
                recorded = await links.SaveAsync((link ?? new BookingLink { AccountId = accountId, ReservationId = reservationId }) with
                {
                    Beds24BookingId = bookingId,
                    PropertyId = room.PmsPropertyId,
                    Channel = reservation.Channel,
                    Status = reservation.Status,
                    Beds24Hash = hash,
                    Beds24ModifiedTime = Latest(booking.ModifiedTime, link?.Beds24ModifiedTime),
                    PendingPublishHash = hash,
                    PendingPublishClaim = claim,
                    PendingPublishSince = time.GetUtcNow(),
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (ConcurrencyConflictException) when (attempt < MaxLinkRaces)
            {
                continue; // another worker wrote this link meanwhile: look again and decide again
            }

            await queues.SendAsync(StorageNames.Queues.PmsInbound, new BookingChangedMessage
            {
                MessageId = MessageIdFor(accountId, bookingId, hash, source, claim),
                ChangeType = booking.Status == Beds24BookingStatuses.Cancelled ? BookingChangeTypes.Cancelled : isNew ? BookingChangeTypes.Created : BookingChangeTypes.Modified,
                AccountId = accountId,
                Beds24BookingId = bookingId,
                Beds24ModifiedTime = booking.ModifiedTime,
                ContentHash = hash,
                Reservation = reservation,
                Beds24MasterId = booking.MasterId,
                ChannelReference = string.IsNullOrWhiteSpace(booking.ApiReference) ? null : booking.ApiReference,
                IsNewToPms = isNew,
                GuestMatch = match,
                PublishedAt = time.GetUtcNow(),
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
            await ConfirmPublishedAsync(recorded, hash, reservation, cancellationToken).ConfigureAwait(false);
            LogPublished(logger, accountId, bookingId, reservation.Status);
            return isNew ? InboundOutcome.Created : InboundOutcome.Published;
        }
    }

    /// <summary>Beds24 no longer has the booking: tell the PMS once (same arbiter as above), if it ever knew it.</summary>
    private async Task<InboundOutcome> PublishDeletedAsync(string accountId, long bookingId, string source, string claim, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var link = await links.GetByBeds24IdAsync(accountId, bookingId, cancellationToken).ConfigureAwait(false);
            if (link is null)
            {
                return InboundOutcome.Unchanged; // the PMS never knew it
            }

            var resume = link.PendingPublishHash == DeletedHash;
            if (resume && !MayTakeOver(link, claim, IsForced(source)))
            {
                return InboundOutcome.InFlight;
            }

            if (!resume && (link.Status == DeletedStatus || PmsStateOf(link) is null))
            {
                return InboundOutcome.Unchanged; // already told, or the PMS never knew it
            }

            var last = link.LastPublishedReservation is { } json ? SyncJson.Deserialize<PmsReservation>(json) : PmsStateOf(link);
            if (last is null)
            {
                return InboundOutcome.Unchanged;
            }

            var reservation = last with { Status = PmsReservationStatuses.Cancelled };
            BookingLink recorded;
            try
            {
                recorded = await links.SaveAsync(link with
                {
                    Status = DeletedStatus,
                    Beds24Hash = DeletedHash,
                    PendingPublishHash = DeletedHash,
                    PendingPublishClaim = claim,
                    PendingPublishSince = time.GetUtcNow(),
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (ConcurrencyConflictException) when (attempt < MaxLinkRaces)
            {
                continue;
            }

            await queues.SendAsync(StorageNames.Queues.PmsInbound, new BookingChangedMessage
            {
                MessageId = $"{accountId}-{bookingId}-{DeletedHash}",
                ChangeType = BookingChangeTypes.Deleted,
                AccountId = accountId,
                Beds24BookingId = bookingId,
                ContentHash = DeletedHash,
                Reservation = reservation,
                PublishedAt = time.GetUtcNow(),
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
            await ConfirmPublishedAsync(recorded, DeletedHash, reservation, cancellationToken).ConfigureAwait(false);
            LogDeleted(logger, accountId, bookingId);
            return InboundOutcome.DeletedPublished;
        }
    }

    /// <returns>The link bound to the booking, or null when someone else wrote it first (re-read and decide again).</returns>
    private async Task<BookingLink?> BindCreatedAsync(BookingLink link, long bookingId, bool mayRetry, CancellationToken cancellationToken)
    {
        try
        {
            return await links.SaveAsync(link with { Beds24BookingId = bookingId, CreateInFlight = null }, cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException) when (mayRetry)
        {
            return null;
        }
    }

    private bool MayTakeOver(BookingLink link, string claim, bool force) =>
        force
        || string.Equals(link.PendingPublishClaim, claim, StringComparison.Ordinal)
        || link.PendingPublishSince is not { } since
        || time.GetUtcNow() - since >= _options.PublishClaimTimeout;

    private async Task ConfirmPublishedAsync(BookingLink link, string hash, PmsReservation reservation, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxLinkRaces; attempt++)
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
                    PendingPublishClaim = null,
                    PendingPublishSince = null,
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

        // Left pending: a later hint finds it after the claim timeout and republishes under the same messageId.
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

    /// <summary>
    /// Stable per version, so a repeat is recognisable. Forced publishes (operator decision, replay) deliberately
    /// re-send a version the PMS may have seen, so they get their own id per work item.
    /// </summary>
    private static string MessageIdFor(string accountId, long bookingId, string hash, string source, string claim) =>
        IsForced(source)
            ? $"{accountId}-{bookingId}-{hash}-{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(claim)), 0, 6)}"
            : $"{accountId}-{bookingId}-{hash}";

    private static bool IsForced(string source) => source is InboundSources.Conflict or InboundSources.Replay;

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static PmsReservation? PmsStateOf(BookingLink? link)
    {
        if (link?.PendingMessage is { } pending && link.PendingVersion > link.PmsVersion)
        {
            return SyncJson.Deserialize<PmsBookingMessage>(pending)?.Reservation;
        }

        return link?.LastPublishedReservation is { } last ? SyncJson.Deserialize<PmsReservation>(last) : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Published Beds24 booking {BookingId} of account {AccountId} ({Status}) to the PMS")]
    private static partial void LogPublished(ILogger logger, string accountId, long bookingId, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Beds24 booking {BookingId} of account {AccountId} carries the marker of reservation {ReservationId}, which is bound to booking {BoundId}: kept as a reservation of its own")]
    private static partial void LogDuplicateMarker(ILogger logger, string accountId, long bookingId, string reservationId, long boundId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Beds24 booking {BookingId} of account {AccountId} no longer exists: deletion published to the PMS")]
    private static partial void LogDeleted(ILogger logger, string accountId, long bookingId);
}
