using Beds24.Api;
using Beds24.Api.Models;
using Beds24Sync.BookingLinks;
using Beds24Sync.Conflicts;
using Beds24Sync.Contracts;
using Beds24Sync.Mapping;
using Beds24Sync.Storage;
using Microsoft.Extensions.Logging;

namespace Beds24Sync.Push;

/// <summary>
/// Pushes a reservation's newest pending PMS state to Beds24: find before create (apiReference), create with
/// checkAvailability, modify, cancel; inspects the per-item result; records the Beds24 version on the link so our
/// own change is recognised when it comes back. Idempotent: pushing twice applies once. Throws
/// <see cref="SyncFailureException"/> (transient or permanent) for the caller's retry policy.
/// </summary>
public sealed partial class BookingPushService(IBookingLinkStore links, IMappingStore mappings, IBeds24ClientFactory beds24, IConflictGate conflicts,
    Operations.ISyncTelemetry telemetry, TimeProvider time, ILogger<BookingPushService> logger)
{
    public async Task<PushOutcome> PushAsync(string accountId, string reservationId, CancellationToken cancellationToken)
    {
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

        var current = await FindCurrentAsync(client, link, reservation.ReservationId, cancellationToken).ConfigureAwait(false);
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
        Beds24Booking? written;
        var bookingId = current?.Id;
        if (cancel && current is null)
        {
            written = null; // nothing in Beds24 to cancel
        }
        else if (cancel && message.HardDelete)
        {
            var deleted = await client.DeleteBookingsAsync([current!.Id!.Value], cancellationToken).ConfigureAwait(false);
            RequireSuccess(deleted, reservation.ReservationId, "delete");
            written = null;
        }
        else
        {
            var desired = cancel
                ? new Beds24Booking { Id = current!.Id, Status = Beds24BookingStatuses.Cancelled }
                : BookingMapper.ToBeds24(reservation, room, current?.Id);
            if (current is not null && !cancel && BookingContentHash.Of(desired with { Id = current.Id, ApiReference = current.ApiReference }) == BookingContentHash.Of(current))
            {
                written = current; // Beds24 already has exactly this state.
            }
            else
            {
                var results = await client.WriteBookingsAsync([desired], cancellationToken).ConfigureAwait(false);
                var result = RequireSuccess(results, reservation.ReservationId, current is null ? "create" : "modify");
                // Beds24's answer names the booking even when the read-back below finds nothing yet.
                bookingId = result.BookingId ?? bookingId;
                written = await ReadBackAsync(client, result, current?.Id, cancellationToken).ConfigureAwait(false);
            }
        }

        await SaveAppliedAsync(link, message, written ?? current, bookingId, cancellationToken).ConfigureAwait(false);
        LogPushed(logger, reservation.ReservationId, message.Version, written?.Id ?? current?.Id);
        return PushOutcome.Applied;
    }

    /// <summary>The booking as Beds24 has it now: by the linked id, else by apiReference (so a retried create is found, not repeated).</summary>
    private static async Task<Beds24Booking?> FindCurrentAsync(IBeds24Client client, BookingLink link, string reservationId, CancellationToken cancellationToken)
    {
        var query = link.Beds24BookingId is { } id
            ? new BookingQuery { Ids = [id], Statuses = Beds24BookingStatuses.All }
            : new BookingQuery { ApiReferences = [reservationId], Statuses = Beds24BookingStatuses.All };
        var found = await client.GetBookingsAsync(query, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        return found.OrderBy(b => b.Id).FirstOrDefault();
    }

    private Beds24WriteResult RequireSuccess(IReadOnlyList<Beds24WriteResult> results, string reservationId, string action)
    {
        if (results.Count != 1)
        {
            throw new SyncFailureException($"Beds24 answered the {action} of reservation {reservationId} with {results.Count} results instead of 1.", true, DeadLetterCategories.Exhausted);
        }

        var result = results[0];
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
                ? $"Beds24 has no availability for reservation {reservationId} ({errors}); it was NOT created there. Resolve the overbooking, then replay."
                : $"Beds24 refused the {action} of reservation {reservationId}: {errors}");
        }

        return result;
    }

    /// <summary>What Beds24 now holds, with its modifiedTime (read back when the write result does not carry it).</summary>
    private static async Task<Beds24Booking?> ReadBackAsync(IBeds24Client client, Beds24WriteResult result, long? knownId, CancellationToken cancellationToken)
    {
        var fromResult = (result.New ?? result.Modified) is { } element
            ? System.Text.Json.JsonSerializer.Deserialize<Beds24Booking>(element.GetRawText(), ReadOptions)
            : null;
        if (fromResult?.ModifiedTime is not null && fromResult.Arrival is not null)
        {
            return fromResult;
        }

        var id = result.BookingId ?? knownId;
        return id is null
            ? fromResult
            : (await client.GetBookingsAsync(new BookingQuery { Ids = [id.Value], Statuses = Beds24BookingStatuses.All }, cancellationToken)
                .ToListAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault() ?? fromResult;
    }

    private async Task SaveAppliedAsync(BookingLink link, PmsBookingMessage message, Beds24Booking? beds24, long? beds24BookingId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var newerPending = link.PendingVersion > message.Version;
            var updated = link with
            {
                Beds24BookingId = beds24BookingId ?? beds24?.Id ?? link.Beds24BookingId,
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
