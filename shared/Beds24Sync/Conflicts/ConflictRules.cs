namespace Beds24Sync.Conflicts;

/// <summary>Names of the rule that fired, as stored on the conflict and shown to operators.</summary>
public static class ConflictRules
{
    public const string OtaBeds24Wins = "ota-beds24-wins";
    public const string DirectPmsWins = "direct-pms-wins";
    public const string Manual = "manual";
}
