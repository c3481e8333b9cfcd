namespace Beds24Sync.Conflicts;

public enum ResolveStatus
{
    Resolved,
    /// <summary>Someone decided first: nothing was sent (the API answers 409).</summary>
    AlreadyResolved,
    NotFound,
    Invalid,
    /// <summary>A newer change reached the conflict while the operator was deciding: nothing was sent; review again (409).</summary>
    Changed,
}

/// <param name="Conflict">The conflict as it is now (null when not found).</param>
/// <param name="Errors">Why the decision was not applied, in words an operator can act on.</param>
public sealed record ResolveResult(ResolveStatus Status, ConflictRecord? Conflict, IReadOnlyList<string> Errors);
