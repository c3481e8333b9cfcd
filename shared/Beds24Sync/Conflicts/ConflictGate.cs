using Beds24Sync.BookingLinks;
using Beds24Sync.Contracts;
using Beds24Sync.Mapping;
using Beds24Sync.Queues;
using Beds24Sync.Storage;
using Microsoft.Extensions.Logging;

namespace Beds24Sync.Conflicts;

/// <summary>
/// The conflict check both flows call before applying a change (see <see cref="IConflictGate"/>). Honours an
/// operator's decision already taken for this version; otherwise detects, records, and applies the property's rule.
/// </summary>
public sealed partial class ConflictGate(IConflictStore store, IMappingStore mappings, IQueuePublisher queues, Operations.SyncTelemetry telemetry, TimeProvider time,
    ILogger<ConflictGate> logger) : IConflictGate
{
    public async Task<ConflictCheckResult> CheckAsync(ConflictCandidate candidate, CancellationToken cancellationToken)
    {
        if (candidate.Link is null || candidate.PmsState is null || candidate.Beds24State is null)
        {
            return ConflictCheckResult.NoConflict;
        }

        var reservationId = candidate.Link.ReservationId;
        var pmsVersion = candidate.Origin == ChangeOrigins.Pms ? candidate.PmsVersion : candidate.Link.PendingVersion;
        var latest = await store.GetLatestForReservationAsync(candidate.AccountId, reservationId, cancellationToken).ConfigureAwait(false);
        if (latest is { Status: ConflictStatuses.Open or ConflictStatuses.Escalated })
        {
            return new ConflictCheckResult(ConflictOutcomes.Held, latest.ConflictId, latest.Rule);
        }

        if (latest is { Status: ConflictStatuses.Resolved, Decision: { } decision } && latest.PmsVersion == pmsVersion)
        {
            // Decided for exactly this PMS version: apply the decision instead of raising the same conflict again.
            var winner = decision == ConflictDecisionActions.AcceptBeds24 ? ChangeOrigins.Beds24 : ChangeOrigins.Pms;
            return new ConflictCheckResult(winner == candidate.Origin ? ConflictOutcomes.IncomingWins : ConflictOutcomes.IncomingLoses, latest.ConflictId, latest.Rule);
        }

        var room = await mappings.GetRoomByPmsIdAsync(candidate.AccountId, candidate.PmsState.PropertyId, candidate.PmsState.RoomTypeId, cancellationToken).ConfigureAwait(false);
        var differences = ConflictDetector.Detect(candidate, room?.Beds24RoomId);
        if (differences.Count == 0)
        {
            return ConflictCheckResult.NoConflict;
        }

        var property = await mappings.GetPropertyByPmsIdAsync(candidate.AccountId, candidate.PmsState.PropertyId, cancellationToken).ConfigureAwait(false);
        var channel = !string.IsNullOrEmpty(candidate.Beds24State.Channel) ? candidate.Beds24State.Channel : candidate.PmsState.Channel ?? candidate.Link.Channel;
        var (rule, autoWinner) = ConflictRulebook.Decide(channel, property?.ConflictRules);
        var now = time.GetUtcNow();
        var record = await store.SaveAsync(new ConflictRecord
        {
            ConflictId = $"{candidate.AccountId}-{reservationId}-{now.ToUnixTimeMilliseconds()}",
            AccountId = candidate.AccountId,
            ReservationId = reservationId,
            Beds24BookingId = candidate.Beds24State.Id ?? candidate.Link.Beds24BookingId,
            PropertyId = candidate.PmsState.PropertyId,
            Channel = channel,
            Origin = candidate.Origin,
            Type = ConflictDetector.TypeOf(differences),
            Differences = differences,
            Rule = rule,
            Status = autoWinner is null ? ConflictStatuses.Open : ConflictStatuses.Resolved,
            PmsSnapshot = SyncJson.Serialize(candidate.PmsState),
            PmsVersion = pmsVersion,
            Beds24Snapshot = System.Text.Json.JsonSerializer.Serialize(candidate.Beds24State, SnapshotOptions),
            DetectedAt = now,
            Decision = autoWinner switch { ChangeOrigins.Pms => ConflictDecisionActions.AcceptPms, ChangeOrigins.Beds24 => ConflictDecisionActions.AcceptBeds24, _ => null },
            DecidedBy = autoWinner is null ? null : "rule:" + rule,
            DecidedAt = autoWinner is null ? null : now,
        }, cancellationToken).ConfigureAwait(false);
        LogConflict(logger, record.ConflictId, reservationId, record.Type, rule, autoWinner ?? "operator");
        telemetry.RecordConflict();

        if (autoWinner is null)
        {
            return new ConflictCheckResult(ConflictOutcomes.Held, record.ConflictId, rule);
        }

        if (autoWinner == candidate.Origin)
        {
            return new ConflictCheckResult(ConflictOutcomes.IncomingWins, record.ConflictId, rule);
        }

        if (autoWinner == ChangeOrigins.Beds24 && record.Beds24BookingId is { } bookingId)
        {
            // Beds24 wins over a PMS change: make sure the PMS receives Beds24's state.
            await queues.SendAsync(StorageNames.Queues.Beds24Inbound, new InboundWorkItem
            {
                MessageId = $"conflict-{record.ConflictId}",
                AccountId = candidate.AccountId,
                Source = InboundSources.Conflict,
                BookingIds = [bookingId],
                CreatedAt = now,
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        return new ConflictCheckResult(ConflictOutcomes.IncomingLoses, record.ConflictId, rule);
    }

    internal static readonly System.Text.Json.JsonSerializerOptions SnapshotOptions = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conflict {ConflictId} on reservation {ReservationId}: {Type}, rule {Rule}, winner {Winner}")]
    private static partial void LogConflict(ILogger logger, string conflictId, string reservationId, string type, string rule, string winner);
}
