using System.Text.Json;
using System.Text.Json.Serialization;
using Beds24.Api.Models;
using Beds24Sync.Contracts;
using Beds24Sync.Mapping;
using Beds24Sync.Queues;
using Beds24Sync.Storage;
using Microsoft.Extensions.Logging;

namespace Beds24Sync.Conflicts;

/// <summary>
/// The conflict check both flows call before applying a change (see <see cref="IConflictGate"/>):
/// <list type="number">
/// <item>a conflict of this reservation still waiting for an operator holds the change (and takes the newer state
/// into its snapshot, ETag-guarded, so the operator decides on what is current);</item>
/// <item>a decision already taken for this PMS version (or a newer one) is honoured, so carrying out a decision never
/// raises the same conflict again;</item>
/// <item>otherwise it detects, records the conflict, and applies the property's rule: the loser's side gets the
/// winner's state through the normal paths (PMS wins → its pending message on beds24-push-bookings; Beds24 wins →
/// a work item on beds24-inbound that re-reads the booking and publishes it to the PMS).</item>
/// </list>
/// </summary>
public sealed partial class ConflictGate(IConflictStore store, IMappingStore mappings, IQueuePublisher queues, Operations.SyncTelemetry telemetry, TimeProvider time,
    ILogger<ConflictGate> logger) : IConflictGate
{
    private const int MaxAttempts = 5;

    public async Task<ConflictCheckResult> CheckAsync(ConflictCandidate candidate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (candidate.Link is null || candidate.PmsState is null || candidate.Beds24State is null)
        {
            return ConflictCheckResult.NoConflict;
        }

        var pmsVersion = candidate.Origin == ChangeOrigins.Pms ? candidate.PmsVersion : candidate.Link.PendingVersion;
        var room = await mappings.GetRoomByPmsIdAsync(candidate.AccountId, candidate.PmsState.PropertyId, candidate.PmsState.RoomTypeId, cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var latest = await store.GetLatestForReservationAsync(candidate.AccountId, candidate.Link.ReservationId, cancellationToken).ConfigureAwait(false);
            try
            {
                if (latest is not null && ConflictStatuses.IsWaiting(latest.Status))
                {
                    return await HoldAsync(latest, candidate, pmsVersion, room?.Beds24RoomId, cancellationToken).ConfigureAwait(false);
                }

                if (latest is { Status: ConflictStatuses.Resolved, Decision: { } decision } && pmsVersion is { } version && latest.PmsVersion is { } decided && version <= decided)
                {
                    // Decided for this PMS version: carry the decision out instead of raising the same conflict again.
                    var winner = decision == ConflictDecisionActions.AcceptBeds24 ? ChangeOrigins.Beds24 : ChangeOrigins.Pms;
                    return new ConflictCheckResult(winner == candidate.Origin ? ConflictOutcomes.IncomingWins : ConflictOutcomes.IncomingLoses, latest.ConflictId, latest.Rule);
                }

                return await DetectAsync(candidate, pmsVersion, room?.Beds24RoomId, cancellationToken).ConfigureAwait(false);
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                // An operator decided, or another worker recorded a change, at the same moment: look again.
            }
        }
    }

    private async Task<ConflictCheckResult> HoldAsync(ConflictRecord held, ConflictCandidate candidate, long? pmsVersion, long? pmsRoomAsBeds24, CancellationToken cancellationToken)
    {
        var pmsSnapshot = SyncJson.Serialize(candidate.PmsState);
        var beds24Snapshot = JsonSerializer.Serialize(candidate.Beds24State, SnapshotOptions);
        if (pmsSnapshot == held.PmsSnapshot && beds24Snapshot == held.Beds24Snapshot)
        {
            return new ConflictCheckResult(ConflictOutcomes.Held, held.ConflictId, held.Rule);
        }

        var now = time.GetUtcNow();
        var fields = ConflictDetector.Compare(candidate, pmsRoomAsBeds24);
        var differences = fields.Where(f => f.Differs).Select(f => new FieldDifference(f.Field, f.Pms, f.Beds24)).ToList();
        var side = candidate.Origin == ChangeOrigins.Pms ? "PMS" : "Beds24";
        var updated = held with
        {
            PmsSnapshot = pmsSnapshot,
            PmsVersion = Math.Max(pmsVersion ?? 0, held.PmsVersion ?? 0),
            Beds24Snapshot = beds24Snapshot,
            Fields = fields,
        };
        if (differences.Count == 0)
        {
            // The sides agree now: nothing left to decide, the change goes through.
            await store.SaveAsync((updated with { Status = ConflictStatuses.Resolved, DecidedBy = "system", DecidedAt = now, Comment = "The sides agree again." })
                .Audited(now, "system", $"A newer {side} change made both sides agree; closed without a decision."), cancellationToken).ConfigureAwait(false);
            return ConflictCheckResult.NoConflict;
        }

        await store.SaveAsync((updated with { Differences = differences, Type = ConflictDetector.TypeOf(differences) })
            .Audited(now, "system", $"A newer {side} change arrived while waiting; differs now in {string.Join(", ", differences.Select(d => d.Field))}."), cancellationToken).ConfigureAwait(false);
        return new ConflictCheckResult(ConflictOutcomes.Held, held.ConflictId, held.Rule);
    }

    private async Task<ConflictCheckResult> DetectAsync(ConflictCandidate candidate, long? pmsVersion, long? pmsRoomAsBeds24, CancellationToken cancellationToken)
    {
        var differences = ConflictDetector.Detect(candidate, pmsRoomAsBeds24);
        if (differences.Count == 0)
        {
            return ConflictCheckResult.NoConflict;
        }

        var link = candidate.Link!;
        var pms = candidate.PmsState!;
        var beds24 = candidate.Beds24State!;
        var property = await mappings.GetPropertyByPmsIdAsync(candidate.AccountId, pms.PropertyId, cancellationToken).ConfigureAwait(false);
        // Beds24's word first, read as everywhere (channel, else apiSource, else referer; none for a booking made
        // through the API, whose channel only the PMS knows), then the PMS's.
        var channel = BookingMapper.ChannelOf(beds24) ?? pms.Channel ?? link.Channel;
        var (rule, autoWinner) = ConflictRulebook.Decide(channel, property?.ConflictRules);
        var now = time.GetUtcNow();
        var fieldList = string.Join(", ", differences.Select(d => d.Field));
        var record = new ConflictRecord
        {
            ConflictId = ConflictIds.New(candidate.AccountId, link.ReservationId, now),
            AccountId = candidate.AccountId,
            ReservationId = link.ReservationId,
            Beds24BookingId = beds24.Id ?? link.Beds24BookingId,
            PropertyId = pms.PropertyId,
            Channel = channel,
            Origin = candidate.Origin,
            Type = ConflictDetector.TypeOf(differences),
            Differences = differences,
            Fields = ConflictDetector.Compare(candidate, pmsRoomAsBeds24),
            Rule = rule,
            Status = ConflictStatuses.Open,
            PmsSnapshot = SyncJson.Serialize(pms),
            PmsVersion = pmsVersion,
            Beds24Snapshot = JsonSerializer.Serialize(beds24, SnapshotOptions),
            DetectedAt = now,
        }.Audited(now, "system", $"Detected: a {candidate.Origin} change met a change on the other side; differs in {fieldList}; rule {rule}.");
        if (autoWinner is not null)
        {
            var action = autoWinner == ChangeOrigins.Pms ? ConflictDecisionActions.AcceptPms : ConflictDecisionActions.AcceptBeds24;
            record = (record with { Status = ConflictStatuses.Resolved, Decision = action, DecidedBy = "rule:" + rule, DecidedAt = now })
                .Audited(now, "rule:" + rule, autoWinner == ChangeOrigins.Pms ? "Resolved: PMS wins; its state goes to Beds24." : "Resolved: Beds24 wins; its state goes to the PMS.");
        }

        record = await store.SaveAsync(record, cancellationToken).ConfigureAwait(false);
        LogConflict(logger, record.ConflictId, record.ReservationId, record.Type, rule, autoWinner ?? "operator");
        telemetry.RecordConflict();

        if (autoWinner is null)
        {
            return new ConflictCheckResult(ConflictOutcomes.Held, record.ConflictId, rule);
        }

        if (autoWinner == candidate.Origin)
        {
            return new ConflictCheckResult(ConflictOutcomes.IncomingWins, record.ConflictId, rule);
        }

        await PushWinnerAsync(record, link.PendingMessage, autoWinner, now, cancellationToken).ConfigureAwait(false);
        return new ConflictCheckResult(ConflictOutcomes.IncomingLoses, record.ConflictId, rule);
    }

    /// <summary>The incoming change lost: make sure the winner's state reaches the losing side through the normal paths.</summary>
    private async Task PushWinnerAsync(ConflictRecord record, string? pendingPmsMessage, string winner, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (winner == ChangeOrigins.Pms && pendingPmsMessage is not null)
        {
            // The PMS's newest desired state (already versioned); the push intake treats a repeat as "already pending".
            await queues.SendRawAsync(StorageNames.Queues.PushBookings, pendingPmsMessage, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        else if (winner == ChangeOrigins.Beds24 && record.Beds24BookingId is { } bookingId)
        {
            await queues.SendAsync(StorageNames.Queues.Beds24Inbound, ConflictWorkItems.Republish(record, bookingId, now), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    internal static readonly JsonSerializerOptions SnapshotOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conflict {ConflictId} on reservation {ReservationId}: {Type}, rule {Rule}, winner {Winner}")]
    private static partial void LogConflict(ILogger logger, string conflictId, string reservationId, string type, string rule, string winner);
}
