namespace Beds24Sync.Conflicts;

/// <summary>Checks an operator's decision (from the API, the page or a Durable raise-event) before anything is applied.</summary>
public static class ConflictDecisionValidator
{
    public static readonly IReadOnlySet<string> MergeableFields = new HashSet<string>(StringComparer.Ordinal) { "status", "arrival", "departure", "amount", "guests", "room" };

    public const int MaxDecidedByLength = 200;
    public const int MaxCommentLength = 2000;

    /// <param name="conflict">When given, a merge must choose a side for every field that differs in it.</param>
    /// <returns>Every problem found, each a sentence saying what to send instead; empty when the decision is valid.</returns>
    public static IReadOnlyList<string> Validate(ConflictDecision? decision, ConflictRecord? conflict = null)
    {
        var errors = new List<string>();
        if (decision is null)
        {
            return ["A decision is required: { \"action\": \"accept-pms\" | \"accept-beds24\" | \"merge\", \"decidedBy\": \"…\" }."];
        }

        if (string.IsNullOrWhiteSpace(decision.Action))
        {
            errors.Add("action is required: accept-pms, accept-beds24 or merge.");
        }
        else if (decision.Action is not (ConflictDecisionActions.AcceptPms or ConflictDecisionActions.AcceptBeds24 or ConflictDecisionActions.Merge))
        {
            errors.Add($"Unknown action '{decision.Action}': use accept-pms, accept-beds24 or merge.");
        }

        if (string.IsNullOrWhiteSpace(decision.DecidedBy))
        {
            errors.Add("decidedBy is required (who made the decision).");
        }
        else if (decision.DecidedBy.Length > MaxDecidedByLength)
        {
            errors.Add($"decidedBy is longer than {MaxDecidedByLength} characters.");
        }

        if (decision.Comment is { Length: > MaxCommentLength })
        {
            errors.Add($"comment is longer than {MaxCommentLength} characters.");
        }

        if (decision.Action == ConflictDecisionActions.Merge)
        {
            if (decision.MergeChoices is not { Count: > 0 } choices)
            {
                errors.Add("A merge needs mergeChoices: { field: \"pms\" | \"beds24\" }.");
            }
            else
            {
                foreach (var (field, side) in choices)
                {
                    if (!MergeableFields.Contains(field))
                    {
                        errors.Add($"Field '{field}' cannot be merged; fields: {string.Join(", ", MergeableFields)}.");
                    }

                    if (side is not ("pms" or "beds24"))
                    {
                        errors.Add($"Choice for '{field}' must be \"pms\" or \"beds24\", not '{side}'.");
                    }
                }

                if (conflict is not null)
                {
                    var missing = conflict.Differences.Select(d => d.Field).Where(f => !choices.ContainsKey(f)).ToList();
                    if (missing.Count > 0)
                    {
                        errors.Add($"Choose a side for every differing field; missing: {string.Join(", ", missing)}.");
                    }
                }
            }
        }

        return errors;
    }
}
