using Beds24.Api.Models;
using Beds24Sync.BookingLinks;
using Beds24Sync.Contracts;
using Beds24Sync.Mapping;
using Beds24Sync.Queues;
using Beds24Sync.Storage;
using Microsoft.Extensions.Logging;

namespace Beds24Sync.Conflicts;

/// <summary>
/// Applies an operator's decision once (ETag: open → resolved; a second decision is refused, not pushed again) and
/// sends the winning state through the normal paths: PMS wins → the held PMS change is re-queued on
/// beds24-push-bookings (the gate now lets it through); Beds24 wins → the held PMS change is dropped and Beds24's
/// state re-published to the PMS; merge → a merged state is pushed to Beds24 and published to the PMS.
/// </summary>
public sealed partial class ConflictResolutionService(IConflictStore store, IBookingLinkStore links, IQueuePublisher queues, TimeProvider time,
    ILogger<ConflictResolutionService> logger)
{
    public async Task<ResolveResult> ResolveAsync(string conflictId, ConflictDecision decision, CancellationToken cancellationToken)
    {
        var conflict = await store.GetAsync(conflictId, cancellationToken).ConfigureAwait(false);
        if (conflict is null)
        {
            return new ResolveResult(ResolveStatus.NotFound, null, [$"No conflict '{conflictId}'."]);
        }

        if (conflict.Status == ConflictStatuses.Resolved)
        {
            return new ResolveResult(ResolveStatus.AlreadyResolved, conflict, [$"Conflict '{conflictId}' was already resolved by {conflict.DecidedBy} at {conflict.DecidedAt:u}."]);
        }

        var errors = ConflictDecisionValidator.Validate(decision, conflict);
        if (errors.Count > 0)
        {
            return new ResolveResult(ResolveStatus.Invalid, conflict, errors);
        }

        ConflictRecord resolved;
        try
        {
            resolved = await store.SaveAsync(conflict with
            {
                Status = ConflictStatuses.Resolved,
                Decision = decision.Action,
                MergeChoices = decision.MergeChoices,
                DecidedBy = decision.DecidedBy,
                DecidedAt = time.GetUtcNow(),
                Comment = decision.Comment,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException)
        {
            var now = await store.GetAsync(conflictId, cancellationToken).ConfigureAwait(false);
            return new ResolveResult(ResolveStatus.AlreadyResolved, now, ["Someone else decided this conflict at the same moment; reload it."]);
        }

        await ApplyAsync(resolved, decision, cancellationToken).ConfigureAwait(false);
        LogResolved(logger, conflictId, decision.Action, decision.DecidedBy);
        return new ResolveResult(ResolveStatus.Resolved, resolved, []);
    }

    private async Task ApplyAsync(ConflictRecord conflict, ConflictDecision decision, CancellationToken cancellationToken)
    {
        var link = await links.GetByReservationAsync(conflict.AccountId, conflict.ReservationId, cancellationToken).ConfigureAwait(false);
        switch (decision.Action)
        {
            case ConflictDecisionActions.AcceptPms when link?.PendingMessage is { } pending:
                await queues.SendRawAsync(StorageNames.Queues.PushBookings, pending, cancellationToken: cancellationToken).ConfigureAwait(false);
                break;
            case ConflictDecisionActions.AcceptPms when conflict.PmsSnapshot is { } snapshot:
                await queues.SendAsync(StorageNames.Queues.PushBookings, PushMessage(conflict, SyncJson.Deserialize<PmsReservation>(snapshot)!, (link?.PmsVersion ?? 0) + 1), cancellationToken: cancellationToken).ConfigureAwait(false);
                break;
            case ConflictDecisionActions.AcceptBeds24:
                if (link?.PendingMessage is not null)
                {
                    await links.SaveAsync(link with { PendingMessage = null, PmsVersion = link.PendingVersion }, cancellationToken).ConfigureAwait(false);
                }

                await RepublishBeds24Async(conflict, cancellationToken).ConfigureAwait(false);
                break;
            case ConflictDecisionActions.Merge:
                var merged = Merge(conflict, decision.MergeChoices!);
                // Version above anything seen, so the merged state replaces the held one.
                var version = Math.Max(link?.PendingVersion ?? 0, link?.PmsVersion ?? 0) + 1;
                await store.SaveAsync((await store.GetAsync(conflict.ConflictId, cancellationToken).ConfigureAwait(false))! with { PmsVersion = version }, cancellationToken).ConfigureAwait(false);
                await queues.SendAsync(StorageNames.Queues.PushBookings, PushMessage(conflict, merged, version), cancellationToken: cancellationToken).ConfigureAwait(false);
                // The PMS also holds only its own side: tell it the merged state (our push to Beds24 will not echo back).
                if (conflict.Beds24BookingId is { } bookingId)
                {
                    var hash = BookingContentHash.Of(merged);
                    await queues.SendAsync(StorageNames.Queues.PmsInbound, new BookingChangedMessage
                    {
                        MessageId = $"{conflict.AccountId}-{bookingId}-merge-{hash}",
                        ChangeType = merged.Status == PmsReservationStatuses.Cancelled ? BookingChangeTypes.Cancelled : BookingChangeTypes.Modified,
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

    private Task RepublishBeds24Async(ConflictRecord conflict, CancellationToken cancellationToken) =>
        conflict.Beds24BookingId is { } id
            ? queues.SendAsync(StorageNames.Queues.Beds24Inbound, new InboundWorkItem
            {
                MessageId = $"conflict-{conflict.ConflictId}",
                AccountId = conflict.AccountId,
                Source = InboundSources.Conflict,
                BookingIds = [id],
                CreatedAt = time.GetUtcNow(),
            }, cancellationToken: cancellationToken)
            : Task.CompletedTask;

    private PmsBookingMessage PushMessage(ConflictRecord conflict, PmsReservation reservation, long version) => new()
    {
        MessageId = $"conflict-{conflict.ConflictId}-{version}",
        Action = reservation.Status == PmsReservationStatuses.Cancelled ? PmsBookingActions.Cancel : PmsBookingActions.Upsert,
        AccountId = conflict.AccountId,
        Version = version,
        OccurredAt = time.GetUtcNow(),
        Reservation = reservation,
    };

    /// <summary>The PMS snapshot with each differing field taken from the side the operator chose.</summary>
    internal static PmsReservation Merge(ConflictRecord conflict, IReadOnlyDictionary<string, string> choices)
    {
        var pms = SyncJson.Deserialize<PmsReservation>(conflict.PmsSnapshot!)!;
        var b24 = System.Text.Json.JsonSerializer.Deserialize<Beds24Booking>(conflict.Beds24Snapshot!, ConflictGate.SnapshotOptions)!;
        bool Beds24(string field) => choices.TryGetValue(field, out var side) && side == "beds24";
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

public enum ResolveStatus
{
    Resolved,
    AlreadyResolved,
    NotFound,
    Invalid,
}

public sealed record ResolveResult(ResolveStatus Status, ConflictRecord? Conflict, IReadOnlyList<string> Errors);
