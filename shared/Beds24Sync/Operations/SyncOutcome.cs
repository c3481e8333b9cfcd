namespace Beds24Sync.Operations;

/// <summary>How one unit of sync work ended (one booking pushed, one inbound booking published, one calendar flush).</summary>
public enum SyncOutcome
{
    Succeeded,
    Failed,
}
