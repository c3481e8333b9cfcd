using System.Text.Json;
using Beds24.Api.Models;
using Beds24Sync.BookingLinks;
using Beds24Sync.Contracts;
using Beds24Sync.Mapping;
using Beds24Sync.Queues;
using Beds24Sync.Storage;
using Microsoft.Extensions.Logging;

namespace Beds24Sync.Conflicts;

/// <summary>
/// Applies an operator's decision exactly once: the ETag-guarded transition open → resolved lets one decision through;
/// any later one gets <see cref="ResolveStatus.AlreadyResolved"/> and sends nothing. The winning state then goes
/// through the normal paths:
/// <list type="bullet">
/// <item>accept-pms: the held PMS change goes back on beds24-push-bookings (the gate now lets it through);</item>
/// <item>accept-beds24: the held PMS change is dropped and a work item on beds24-inbound re-reads Beds24's state
/// and publishes it to the PMS;</item>
/// <item>merge: the merged state replaces the held PMS change (same version) and is pushed to Beds24 the same way,
/// and the PMS is told the merged state on pms-inbound.</item>
/// </list>
/// </summary>
public sealed partial class ConflictResolutionService(IConflictStore store, IBookingLinkStore links, IMappingStore mappings, IQueuePublisher queues, TimeProvider time,
    ILogger<ConflictResolutionService> logger)
{
    private const int MaxAttempts = 5;

    public async Task<ResolveResult> ResolveAsync(string conflictId, ConflictDecision? decision, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conflictId);
        var conflict = await store.GetAsync(conflictId, cancellationToken).ConfigureAwait(false);
        if (conflict is null)
        {
            return new ResolveResult(ResolveStatus.NotFound, null, [$"No conflict '{conflictId}'."]);
        }

        if (conflict.Status == ConflictStatuses.Resolved)
        {
            return AlreadyResolved(conflict);
        }

        var errors = ConflictDecisionValidator.Validate(decision, conflict);
        if (errors.Count > 0)
        {
            return new ResolveResult(ResolveStatus.Invalid, conflict, errors);
        }

        var link = await links.GetByReservationAsync(conflict.AccountId, conflict.ReservationId, cancellationToken).ConfigureAwait(false);
        PmsReservation? merged = null;
        if (decision!.Action == ConflictDecisionActions.Merge)
        {
            (merged, var mergeError) = await MergeAsync(conflict, decision.MergeChoices!, cancellationToken).ConfigureAwait(false);
            if (merged is null)
            {
                return new ResolveResult(ResolveStatus.Invalid, conflict, [mergeError!]);
            }
        }

        var now = time.GetUtcNow();
        ConflictRecord resolved;
        try
        {
            resolved = await store.SaveAsync((conflict with
            {
                Status = ConflictStatuses.Resolved,
                Decision = decision.Action,
                MergeChoices = decision.MergeChoices,
                DecidedBy = decision.DecidedBy,
                DecidedAt = now,
                Comment = decision.Comment,
                // The decision covers the newest PMS version held, so carrying it out passes the gate.
                PmsVersion = Math.Max(conflict.PmsVersion ?? 0, link?.PendingVersion ?? 0),
            }).Audited(now, decision.DecidedBy, Describe(decision)), cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException)
        {
            var current = await store.GetAsync(conflictId, cancellationToken).ConfigureAwait(false);
            return current is { Status: ConflictStatuses.Resolved }
                ? AlreadyResolved(current)
                : new ResolveResult(ResolveStatus.Changed, current, ["The conflict changed while you were deciding (a newer change arrived); review it again and decide."]);
        }

        await ApplyAsync(resolved, decision, merged, cancellationToken).ConfigureAwait(false);
        LogResolved(logger, conflictId, decision.Action, decision.DecidedBy);
        return new ResolveResult(ResolveStatus.Resolved, resolved, []);
    }

    private static ResolveResult AlreadyResolved(ConflictRecord conflict) => new(ResolveStatus.AlreadyResolved, conflict,
        [$"Conflict '{conflict.ConflictId}' was already resolved ({conflict.Decision ?? "the sides agreed"}) by {conflict.DecidedBy} at {conflict.DecidedAt:u}."]);

    private static string Describe(ConflictDecision decision) => decision.Action switch
    {
        ConflictDecisionActions.AcceptPms => "Resolved: accept PMS; its state goes to Beds24.",
        ConflictDecisionActions.AcceptBeds24 => "Resolved: accept Beds24; its state goes to the PMS.",
        _ => "Resolved: merge (" + string.Join(", ", decision.MergeChoices!.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} from {c.Value}")) + ").",
    } + (string.IsNullOrWhiteSpace(decision.Comment) ? "" : " Comment: " + decision.Comment);

    private async Task ApplyAsync(ConflictRecord conflict, ConflictDecision decision, PmsReservation? merged, CancellationToken cancellationToken)
    {
        switch (decision.Action)
        {
            case ConflictDecisionActions.AcceptPms:
                var pms = conflict.PmsSnapshot is { } snapshot ? SyncJson.Deserialize<PmsReservation>(snapshot) : null;
                if (await HoldPmsStateAsync(conflict, pms, replacePending: false, cancellationToken).ConfigureAwait(false) is { } pending)
                {
                    await queues.SendRawAsync(StorageNames.Queues.PushBookings, pending, cancellationToken: cancellationToken).ConfigureAwait(false);
                }

                break;
            case ConflictDecisionActions.AcceptBeds24:
                await DropPendingAsync(conflict, cancellationToken).ConfigureAwait(false);
                if (conflict.Beds24BookingId is { } id)
                {
                    await queues.SendAsync(StorageNames.Queues.Beds24Inbound, ConflictWorkItems.Republish(conflict, id, time.GetUtcNow()), cancellationToken: cancellationToken).ConfigureAwait(false);
                }

                break;
            case ConflictDecisionActions.Merge:
                if (await HoldPmsStateAsync(conflict, merged, replacePending: true, cancellationToken).ConfigureAwait(false) is { } message)
                {
                    await queues.SendRawAsync(StorageNames.Queues.PushBookings, message, cancellationToken: cancellationToken).ConfigureAwait(false);
                }

                // The PMS holds only its own side: tell it the merged state (our push to Beds24 will not echo back to it).
                if (conflict.Beds24BookingId is { } bookingId)
                {
                    var hash = BookingContentHash.Of(merged!);
                    await queues.SendAsync(StorageNames.Queues.PmsInbound, new BookingChangedMessage
                    {
                        MessageId = $"{conflict.AccountId}-{bookingId}-merge-{hash}",
                        ChangeType = merged!.Status == PmsReservationStatuses.Cancelled ? BookingChangeTypes.Cancelled : BookingChangeTypes.Modified,
                        AccountId = conflict.AccountId,
                        Beds24BookingId = bookingId,
                        ContentHash = hash,
                        Reservation = merged,
                        PublishedAt = time.GetUtcNow(),
                    }, cancellationToken: cancellationToken).ConfigureAwait(false);
                }

                break;
        }
    }

    /// <summary>
    /// The PMS message to push: the held one, or (merge, or nothing held) <paramref name="state"/> stored as the link's
    /// pending change at the held version, so the push intake treats it as "already pending" and sends it. Only when
    /// nothing is held does it need a version above the last applied one.
    /// </summary>
    private async Task<string?> HoldPmsStateAsync(ConflictRecord conflict, PmsReservation? state, bool replacePending, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var link = await links.GetByReservationAsync(conflict.AccountId, conflict.ReservationId, cancellationToken).ConfigureAwait(false);
            if (link?.PendingMessage is { } pending && !replacePending)
            {
                return pending;
            }

            if (state is null || link is null)
            {
                return null;
            }

            var version = link.PendingMessage is not null ? link.PendingVersion : link.PmsVersion + 1;
            var message = SyncJson.Serialize(new PmsBookingMessage
            {
                MessageId = $"conflict-{conflict.ConflictId}-{version}",
                Action = state.Status == PmsReservationStatuses.Cancelled ? PmsBookingActions.Cancel : PmsBookingActions.Upsert,
                AccountId = conflict.AccountId,
                Version = version,
                OccurredAt = time.GetUtcNow(),
                Reservation = state,
            });
            try
            {
                await links.SaveAsync(link with { PendingMessage = message, PendingVersion = version, PendingSince = time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
                return message;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                // A newer PMS change or a push landed meanwhile: look again.
            }
        }
    }

    /// <summary>Beds24 won: the held PMS change is done with (counted as applied, so it is not pushed later).</summary>
    private async Task DropPendingAsync(ConflictRecord conflict, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var link = await links.GetByReservationAsync(conflict.AccountId, conflict.ReservationId, cancellationToken).ConfigureAwait(false);
            if (link?.PendingMessage is null)
            {
                return;
            }

            try
            {
                await links.SaveAsync(link with { PendingMessage = null, PmsVersion = Math.Max(link.PmsVersion, link.PendingVersion) }, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                // Someone wrote the link meanwhile: look again.
            }
        }
    }

    /// <summary>The PMS snapshot with each differing field taken from the side the operator chose.</summary>
    internal async Task<(PmsReservation? Merged, string? Error)> MergeAsync(ConflictRecord conflict, IReadOnlyDictionary<string, string> choices, CancellationToken cancellationToken)
    {
        if (conflict.PmsSnapshot is null || conflict.Beds24Snapshot is null)
        {
            return (null, "This conflict has no snapshot of both sides to merge; accept one side instead.");
        }

        var pms = SyncJson.Deserialize<PmsReservation>(conflict.PmsSnapshot)!;
        var b24 = JsonSerializer.Deserialize<Beds24Booking>(conflict.Beds24Snapshot, ConflictGate.SnapshotOptions)!;
        bool Beds24(string field) => choices.TryGetValue(field, out var side) && side == ChangeOrigins.Beds24;
        var roomType = pms.RoomTypeId;
        if (Beds24("room") && b24.RoomId is { } beds24Room)
        {
            var room = await mappings.GetRoomByBeds24IdAsync(conflict.AccountId, beds24Room, cancellationToken).ConfigureAwait(false);
            if (room is null)
            {
                return (null, $"Beds24 room {beds24Room} has no RoomMappings row, so its room cannot be taken; add the mapping or keep the PMS room.");
            }

            roomType = room.PmsRoomTypeId;
        }

        var merged = Merge(pms, b24, choices) with { RoomTypeId = roomType };
        return merged.Departure > merged.Arrival
            ? (merged, null)
            : (null, $"That merge would arrive {merged.Arrival:yyyy-MM-dd} and leave {merged.Departure:yyyy-MM-dd}; take arrival and departure from the same side.");
    }

    internal static PmsReservation Merge(PmsReservation pms, Beds24Booking b24, IReadOnlyDictionary<string, string> choices)
    {
        bool Beds24(string field) => choices.TryGetValue(field, out var side) && side == ChangeOrigins.Beds24;
        return pms with
        {
            Status = Beds24("status") && b24.Status is { } s ? BookingStatusMap.ToPms(s) : pms.Status,
            Arrival = Beds24("arrival") && b24.Arrival is { } a ? a : pms.Arrival,
            Departure = Beds24("departure") && b24.Departure is { } d ? d : pms.Departure,
            TotalAmount = Beds24("amount") ? b24.Price ?? pms.TotalAmount : pms.TotalAmount,
            Adults = Beds24("guests") ? b24.NumAdult ?? pms.Adults : pms.Adults,
            Children = Beds24("guests") ? b24.NumChild ?? pms.Children : pms.Children,
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Conflict {ConflictId} resolved: {Action} by {DecidedBy}")]
    private static partial void LogResolved(ILogger logger, string conflictId, string action, string decidedBy);
}
