namespace Beds24Sync.Conflicts;

/// <summary>Conflict statistics for operators (GET …/conflicts/stats and the conflicts page).</summary>
/// <param name="Waiting">Open plus escalated: conflicts an operator still has to decide.</param>
/// <param name="AutoResolved">Resolved by a property rule.</param>
/// <param name="OperatorResolved">Resolved by a person (page, API, CLI or the Durable monitor).</param>
/// <param name="OldestWaitingSince">When the oldest conflict still waiting was detected.</param>
public sealed record ConflictStats(
    int Total,
    int Waiting,
    int AutoResolved,
    int OperatorResolved,
    IReadOnlyDictionary<string, int> ByStatus,
    IReadOnlyDictionary<string, int> ByType,
    IReadOnlyDictionary<string, int> ByRule,
    IReadOnlyDictionary<string, int> ByDecision,
    DateTimeOffset? OldestWaitingSince);
