namespace Beds24Sync.Operations;

/// <summary>Names of the flows as they appear in the <c>flow</c> tag of the metrics and in /status.</summary>
public static class SyncFlows
{
    public const string Push = "push";
    public const string Calendar = "calendar";
    public const string Inbound = "inbound";
}
