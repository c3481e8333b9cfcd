using Beds24.Api;
using Beds24.Api.Credits;
using Beds24.Api.Models;
using Beds24Sync.BookingLinks;
using Beds24Sync.Conflicts;
using Beds24Sync.Contracts;
using Beds24Sync.Core;
using Beds24Sync.Mapping;
using Beds24Sync.Storage;
using Microsoft.Extensions.Logging;

namespace Beds24Sync.Push;

/// <summary>
/// Pushes a reservation's newest pending PMS state to Beds24: by the bound booking id; a create carries our marker,
/// is recorded as in flight before it is sent and is never resent blindly (an unknown outcome is resolved by finding
/// the marker first); modifications that need more nights are availability-checked first; cancel; every per-item
/// result is inspected; the Beds24 version is recorded on the link so our own change is recognised when it comes
/// back. Idempotent: pushing twice applies once. Throws
/// <see cref="SyncFailureException"/> (transient or permanent) for the caller's retry policy.
/// </summary>
public sealed partial class BookingPushService(IBookingLinkStore links, IMappingStore mappings, IBeds24ClientFactory beds24, IConflictGate conflicts,
    Operations.ISyncTelemetry telemetry, TimeProvider time, ILogger<BookingPushService> logger, BookingWriteCoalescer writes,
    AvailabilityCheckCoalescer availability, CreatedBookingFinder createdFinder, PushReadCoalescer? reads = null)
{
    public async Task<PushOutcome> PushAsync(string accountId, string reservationId, CancellationToken cancellationToken)
    {
        // Its calls, and the batches it opens (they run in the opener's flow), stop at the booking pushes' reserve, so
        // a burst of them leaves room for availability; even when a conflict decided inside a background read pushes.
        using var share = Beds24CallPriority.BookingPushes();
        var started = time.GetTimestamp();
        using var span = Operations.SyncTelemetry.Tracing.StartActivity("push booking");
        span?.SetTag("beds24sync.account", accountId);
        span?.SetTag("beds24sync.reservation", reservationId);
        try
        {
            // Loop: a newer version may arrive while this one is being pushed; the newest wins.
            var outcome = PushOutcome.NothingPending;
            for (var round = 0; round < 10; round++)
            {
                var link = await links.GetByReservationAsync(accountId, reservationId, cancellationToken).ConfigureAwait(false);
                if (link?.PendingMessage is null || link.PendingVersion <= link.PmsVersion)
                {
                    return outcome;
                }

                outcome = await PushPendingAsync(link, cancellationToken).ConfigureAwait(false);
                telemetry.RecordPush(Operations.SyncOutcome.Succeeded, time.GetElapsedTime(started));
                telemetry.RecordBeds24Reachable(true);
                if (outcome == PushOutcome.HeldForConflict)
                {
                    return outcome;
                }
            }

            return outcome;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Every failed attempt counts: a flaky Beds24 shows in the success rate before anything is given up on.
            telemetry.RecordPush(Operations.SyncOutcome.Failed, time.GetElapsedTime(started));
            if (ex is Beds24.Api.Errors.Beds24ApiException api)
            {
                telemetry.RecordApiError();
                if (api is Beds24.Api.Errors.Beds24NetworkException)
                {
                    telemetry.RecordBeds24Reachable(false);
                }
            }

            throw SyncFailureException.From(ex);
        }
    }

    /// <summary>After the push was given up on (dead-lettered): forget the pending state so a replay or a newer message starts afresh.</summary>
    public async Task ReleasePendingAsync(string accountId, string reservationId, long version, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var link = await links.GetByReservationAsync(accountId, reservationId, cancellationToken).ConfigureAwait(false);
            if (link is null || link.PendingVersion != version || link.PendingMessage is null)
            {
                return;
            }

            try
            {
                await links.SaveAsync(link with { PendingMessage = null, PendingVersion = link.PmsVersion }, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (ConcurrencyConflictException)
            {
            }
        }
    }

    private async Task<PushOutcome> PushPendingAsync(BookingLink link, CancellationToken cancellationToken)
    {
        var message = SyncJson.Deserialize<PmsBookingMessage>(link.PendingMessage!)!;
        var reservation = message.Reservation;
        var room = await mappings.GetRoomByPmsIdAsync(message.AccountId, reservation.PropertyId, reservation.RoomTypeId, cancellationToken).ConfigureAwait(false)
            ?? throw new MappingException($"No room mapping for PMS property '{reservation.PropertyId}' room type '{reservation.RoomTypeId}' in account '{message.AccountId}'. Add it to RoomMappings, then replay the dead letter.");
        var client = beds24.GetClient(message.AccountId);

        (link, var current) = await FindCurrentAsync(client, link, reservation.ReservationId, cancellationToken).ConfigureAwait(false);
        var check = await conflicts.CheckAsync(new ConflictCandidate(message.AccountId, ChangeOrigins.Pms, link.ETag == default ? null : link, reservation, message.Version, current), cancellationToken).ConfigureAwait(false);
        if (check.Outcome == ConflictOutcomes.Held)
        {
            LogHeld(logger, reservation.ReservationId, check.ConflictId ?? "-");
            return PushOutcome.HeldForConflict;
        }

        if (check.Outcome == ConflictOutcomes.IncomingLoses)
        {
            await SaveAppliedAsync(link, message, current, current?.Id, cancellationToken).ConfigureAwait(false);
            return PushOutcome.Overruled;
        }

        var cancel = message.Action == PmsBookingActions.Cancel || reservation.Status == PmsReservationStatuses.Cancelled;
        // Bound once, bound for ever: a linked booking the read did not return is written by id (Beds24 says whether
        // it still exists), never replaced by a new one.
        var bookingId = current?.Id ?? link.Beds24BookingId;
        Beds24Booking? written;
        if (cancel && bookingId is null)
        {
            written = null; // nothing in Beds24 to cancel
        }
        else if (cancel && message.HardDelete)
        {
            var deleted = await client.DeleteBookingsAsync([bookingId!.Value], cancellationToken).ConfigureAwait(false);
            RequireSuccess(deleted, reservation.ReservationId, "delete");
            written = null;
        }
        else if (bookingId is null)
        {
            (link, written, bookingId) = await CreateAsync(client, link, message, room, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var desired = cancel
                ? new Beds24Booking { Id = bookingId, Status = Beds24BookingStatuses.Cancelled }
                : BookingMapper.ToBeds24(reservation, room, bookingId);
            if (current is not null && !cancel && BookingContentHash.Of(desired with { ApiReference = current.ApiReference, Mobile = current.Mobile }) == BookingContentHash.Of(current))
            {
                written = current; // Beds24 already has exactly this state.
            }
            else
            {
                if (!cancel)
                {
                    await RequireAvailabilityAsync(message.AccountId, current, desired, reservation.ReservationId, cancellationToken).ConfigureAwait(false);
                }

                var answer = await writes.WriteAsync(message.AccountId, desired, cancellationToken).ConfigureAwait(false);
                var result = RequireSuccess(answer.Result, reservation.ReservationId, current is null ? "modify (booking not readable)" : "modify");
                written = await ReadBackAsync(client, message.AccountId, result, bookingId, cancellationToken).ConfigureAwait(false);
            }
        }

        await SaveAppliedAsync(link, message, written ?? current, bookingId, cancellationToken).ConfigureAwait(false);
        LogPushed(logger, reservation.ReservationId, message.Version, bookingId);
        return PushOutcome.Applied;
    }

    /// <summary>
    /// Creates are not idempotent (FACTS.md): the link records the create as in flight before the POST, the POST is
    /// sent once (the client does not resend it), and an unknown outcome leaves the record for the next attempt, which
    /// looks for our marker before creating again.
    /// </summary>
    private async Task<(BookingLink Link, Beds24Booking? Written, long? BookingId)> CreateAsync(IBeds24Client client, BookingLink link, PmsBookingMessage message,
        RoomMapping room, CancellationToken cancellationToken)
    {
        var reservation = message.Reservation;
        var desired = BookingMapper.ToBeds24(reservation, room, null);
        link = await SaveLinkAsync(link with
        {
            CreateInFlight = new PendingCreate(room.Beds24RoomId, reservation.Arrival, reservation.Departure, message.Version, time.GetUtcNow()),
        }, cancellationToken).ConfigureAwait(false);

        BookingWriteAnswer answer;
        try
        {
            answer = await writes.WriteAsync(message.AccountId, desired, cancellationToken).ConfigureAwait(false);
        }
        catch (Beds24.Api.Errors.Beds24WriteOutcomeUnknownException ex)
        {
            LogCreateUnknown(logger, reservation.ReservationId);
            throw new SyncFailureException(
                $"The create of reservation {reservation.ReservationId} was sent to Beds24 and its answer was lost ({ex.Message}); Beds24 may hold it. The next attempt looks for it (marker {BookingIdentity.MarkerCode}) before creating again.",
                true, DeadLetterCategories.Exhausted, ex);
        }

        Beds24WriteResult result;
        try
        {
            result = RequireSuccess(answer.Result, reservation.ReservationId, "create");
        }
        catch (SyncFailureException)
        {
            // Beds24 answered this item: it was not created (and holds nothing of ours from this attempt).
            await SaveLinkAsync(link with { CreateInFlight = null }, cancellationToken).ConfigureAwait(false);
            throw;
        }

        var written = await ReadBackAsync(client, message.AccountId, result, null, cancellationToken).ConfigureAwait(false);
        if (written?.Id is null)
        {
            // The answer named no id (the spec shapes `new` as a field list): find the booking by our marker, among
            // those made since its POST left (not since it was recorded in flight: it waited for its batch).
            written = await createdFinder.FindAsync(message.AccountId, link.CreateInFlight! with { SentAt = answer.SentAt }, reservation.ReservationId, cancellationToken).ConfigureAwait(false);
        }

        return (link, written, written?.Id ?? result.BookingId);
    }

    /// <summary>
    /// The booking as Beds24 has it now, and the link (bound when an earlier create's booking was found): by the
    /// linked id; else, after a create whose outcome is unknown, by our marker; else (links of the first version, from
    /// before markers) by apiReference for a booking no channel sent. A new reservation costs no read at all.
    /// </summary>
    private async Task<(BookingLink Link, Beds24Booking? Current)> FindCurrentAsync(IBeds24Client client, BookingLink link, string reservationId, CancellationToken cancellationToken)
    {
        if (link.Beds24BookingId is { } id)
        {
            return (link, await ReadByIdAsync(client, link.AccountId, id, cancellationToken).ConfigureAwait(false));
        }

        Beds24Booking? created = null;
        if (link.CreateInFlight is { } attempt)
        {
            created = await createdFinder.FindAsync(link.AccountId, attempt, reservationId, cancellationToken).ConfigureAwait(false);
            if (created is null)
            {
                LogCreateNotFound(logger, reservationId);
            }
        }
        else if (link.PmsVersion > 0 || link.LastPushedAt is not null)
        {
            var legacy = await client.GetBookingsAsync(new BookingQuery { ApiReferences = [reservationId], Statuses = Beds24BookingStatuses.All, IncludeInfoItems = true }, cancellationToken)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            created = legacy.Where(b => BookingIdentity.MarkedReservationId(b) == reservationId
                    || (BookingIdentity.MarkedReservationId(b) is null && BookingMapper.ChannelOf(b) is null))
                .OrderBy(b => b.Id).FirstOrDefault();
        }

        if (created?.Id is not { } createdId)
        {
            return (link, null);
        }

        // Bind before anything else is written, so no later attempt can create a second booking.
        link = await SaveLinkAsync(link with { Beds24BookingId = createdId, CreateInFlight = null }, cancellationToken).ConfigureAwait(false);
        LogCreateFound(logger, reservationId, createdId);
        return (link, created);
    }

    /// <summary>
    /// Beds24 checks availability only for new bookings (FACTS.md): a modification that adds nights, moves rooms or
    /// re-activates a cancelled booking is checked here first, night by night, against what the booking already holds.
    /// </summary>
    private async Task RequireAvailabilityAsync(string accountId, Beds24Booking? current, Beds24Booking desired, string reservationId, CancellationToken cancellationToken)
    {
        if (current is null || desired.RoomId is not { } roomId || desired.Arrival is not { } arrival || desired.Departure is not { } departure
            || desired.Status is Beds24BookingStatuses.Cancelled or "inquiry")
        {
            return; // not holding inventory afterwards, or nothing known to compare with (the write goes by id)
        }

        var held = new HashSet<DateOnly>();
        if (current.Status is not (Beds24BookingStatuses.Cancelled or "inquiry") && current.RoomId == roomId && current.Arrival is { } a && current.Departure is { } d)
        {
            for (var night = a; night < d; night = night.AddDays(1))
            {
                held.Add(night);
            }
        }

        var needed = new List<DateOnly>();
        for (var night = arrival; night < departure; night = night.AddDays(1))
        {
            if (!held.Contains(night))
            {
                needed.Add(night);
            }
        }

        if (needed.Count == 0)
        {
            return;
        }

        var request = new AvailabilityRequest(roomId, needed);
        var verdict = await availability.CheckAsync(accountId, request, cancellationToken).ConfigureAwait(false);
        var nights = string.Join(", ", verdict.Nights.Take(5).Select(n => n.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))) + (verdict.Nights.Count > 5 ? ", …" : "");
        switch (verdict.State)
        {
            case AvailabilityState.Full:
                throw SyncFailureException.Permanent(
                    $"Beds24 has no availability in room {roomId} on {nights} for the change of reservation {reservationId}; the change was NOT applied (Beds24 keeps the booking as it was, so nothing is overbooked). Free a room or change the reservation, then replay.",
                    DeadLetterCategories.NoAvailability);
            case AvailabilityState.TakenInBatch:
                throw new SyncFailureException(
                    $"The last unit of room {roomId} on {nights} went to another change checked at the same time as reservation {reservationId}'s; it is checked again on retry.", true, DeadLetterCategories.NoAvailability);
        }
    }

    private async Task<BookingLink> SaveLinkAsync(BookingLink link, CancellationToken cancellationToken) =>
        await links.SaveAsync(link, cancellationToken).ConfigureAwait(false);

    private Beds24WriteResult RequireSuccess(IReadOnlyList<Beds24WriteResult> results, string reservationId, string action) =>
        results.Count == 1
            ? RequireSuccess(results[0], reservationId, action)
            : throw new SyncFailureException($"Beds24 answered the {action} of reservation {reservationId} with {results.Count} results instead of 1.", true, DeadLetterCategories.Exhausted);

    private Beds24WriteResult RequireSuccess(Beds24WriteResult result, string reservationId, string action)
    {
        foreach (var warning in result.Warnings)
        {
            // Beds24 applied the change but says something about it (e.g. a price or room adjustment): keep a trace.
            LogWarning(logger, reservationId, action, warning.Field ?? "-", warning.Message ?? "-");
        }

        if (!result.Success)
        {
            var errors = string.Join("; ", result.Errors.Select(e => $"{e.Action}/{e.Field}: {e.Message}"));
            var noAvailability = result.Errors.Any(e => string.Equals(e.Action, "checkAvailability", StringComparison.OrdinalIgnoreCase));
            throw SyncFailureException.Permanent(noAvailability
                ? $"Beds24 has no availability for reservation {reservationId} ({errors}); Beds24 answered that it was NOT created. Resolve the overbooking, then replay."
                : $"Beds24 refused the {action} of reservation {reservationId}: {errors}",
                noAvailability ? DeadLetterCategories.NoAvailability : DeadLetterCategories.Permanent);
        }

        return result;
    }

    /// <summary>What Beds24 now holds, with its modifiedTime (read back when the write result does not carry it).</summary>
    private async Task<Beds24Booking?> ReadBackAsync(IBeds24Client client, string accountId, Beds24WriteResult result, long? knownId, CancellationToken cancellationToken)
    {
        // Peers see the booking object here; the spec shapes it as a list of written fields (no id): read it only when it is an object.
        var fromResult = (result.New ?? result.Modified) is { ValueKind: System.Text.Json.JsonValueKind.Object } element
            ? System.Text.Json.JsonSerializer.Deserialize<Beds24Booking>(element.GetRawText(), ReadOptions)
            : null;
        if (fromResult?.ModifiedTime is not null && fromResult.Arrival is not null)
        {
            return fromResult;
        }

        var id = result.BookingId ?? knownId;
        return id is null ? fromResult : await ReadByIdAsync(client, accountId, id.Value, cancellationToken).ConfigureAwait(false) ?? fromResult;
    }

    /// <summary>One booking by id: through the push read coalescer when there is one (pushes of one account running together share one GET).</summary>
    private async Task<Beds24Booking?> ReadByIdAsync(IBeds24Client client, string accountId, long id, CancellationToken cancellationToken)
    {
        var found = reads is null
            ? await client.GetBookingsAsync(BookingIdentity.ById([id]), cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false)
            : await reads.ReadAsync(accountId, [id], cancellationToken).ConfigureAwait(false);
        return found.FirstOrDefault(b => b.Id == id);
    }

    private async Task SaveAppliedAsync(BookingLink link, PmsBookingMessage message, Beds24Booking? beds24, long? beds24BookingId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var newerPending = link.PendingVersion > message.Version;
            var updated = link with
            {
                Beds24BookingId = link.Beds24BookingId ?? beds24BookingId ?? beds24?.Id,
                CreateInFlight = (link.Beds24BookingId ?? beds24BookingId ?? beds24?.Id) is null ? link.CreateInFlight : null,
                PropertyId = message.Reservation.PropertyId,
                Channel = message.Reservation.Channel ?? link.Channel,
                Status = message.Reservation.Status,
                PmsVersion = message.Version,
                PmsHash = BookingContentHash.Of(message.Reservation),
                Beds24ModifiedTime = beds24?.ModifiedTime ?? link.Beds24ModifiedTime,
                Beds24Hash = beds24 is null ? link.Beds24Hash : BookingContentHash.Of(beds24),
                PendingMessage = newerPending ? link.PendingMessage : null,
                LastPublishedReservation = SyncJson.Serialize(message.Reservation),
                PendingVersion = Math.Max(link.PendingVersion, message.Version),
                LastPushedAt = time.GetUtcNow(),
                LastSyncedAt = time.GetUtcNow(),
            };
            try
            {
                await links.SaveAsync(updated, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (ConcurrencyConflictException) when (attempt < 5)
            {
                link = await links.GetByReservationAsync(link.AccountId, link.ReservationId, cancellationToken).ConfigureAwait(false) ?? link with { ETag = default };
            }
        }
    }

    private static readonly System.Text.Json.JsonSerializerOptions ReadOptions = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Pushed reservation {ReservationId} version {Version} to Beds24 booking {BookingId}")]
    private static partial void LogPushed(ILogger logger, string reservationId, long version, long? bookingId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Beds24 warned about the {Action} of reservation {ReservationId}: {Field}: {Warning}")]
    private static partial void LogWarning(ILogger logger, string reservationId, string action, string field, string warning);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Create of reservation {ReservationId} sent, answer lost: it is looked for by marker before any new create")]
    private static partial void LogCreateUnknown(ILogger logger, string reservationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Earlier create of reservation {ReservationId} found in Beds24 as booking {BookingId}: bound, not created again")]
    private static partial void LogCreateFound(ILogger logger, string reservationId, long bookingId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Earlier create of reservation {ReservationId} not found in Beds24 by marker: creating")]
    private static partial void LogCreateNotFound(ILogger logger, string reservationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Push of reservation {ReservationId} held: conflict {ConflictId} waits for a decision")]
    private static partial void LogHeld(ILogger logger, string reservationId, string conflictId);
}

public enum PushOutcome
{
    NothingPending,
    Applied,
    Overruled,
    HeldForConflict,
}
