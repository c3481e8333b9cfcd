namespace Beds24Sync.Conflicts;

public static class ConflictStatuses
{
    public const string Open = "open";
    public const string Resolved = "resolved";
    public const string Escalated = "escalated";

    public static bool IsWaiting(string status) => status is Open or Escalated;
}
