namespace Beds24Sync.Conflicts;

/// <summary>An operator's decision on a conflict (API body, conflicts page, or the Durable monitor's raise-event payload).</summary>
/// <param name="Action">accept-pms, accept-beds24 or merge.</param>
/// <param name="MergeChoices">For merge: field → "pms" or "beds24", for every differing field.</param>
public sealed record ConflictDecision(string Action, IReadOnlyDictionary<string, string>? MergeChoices, string DecidedBy, string? Comment = null);

public static class ConflictDecisionActions
{
    public const string AcceptPms = "accept-pms";
    public const string AcceptBeds24 = "accept-beds24";
    public const string Merge = "merge";
}
