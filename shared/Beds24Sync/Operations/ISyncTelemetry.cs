namespace Beds24Sync.Operations;

/// <summary>
/// What the flows report as they work. One implementation per process (<see cref="SyncTelemetry"/>) feeds both the
/// rolling figures of /status and the app's alert rules (<see cref="SyncStatistics"/>) and the OpenTelemetry meter
/// <c>Beds24Sync</c> (<see cref="SyncMetrics"/>). Calls are cheap and never throw.
/// </summary>
public interface ISyncTelemetry
{
    /// <summary>A PMS booking change pushed to Beds24 (or given up on).</summary>
    void RecordPush(SyncOutcome outcome, TimeSpan latency);

    /// <summary>A Beds24 booking change published to the PMS (or given up on).</summary>
    void RecordInbound(SyncOutcome outcome, TimeSpan latency);

    /// <summary>A coalesced calendar flush to Beds24.</summary>
    void RecordCalendarFlush(SyncOutcome outcome, TimeSpan latency);

    /// <summary>A conflict was detected between the two sides.</summary>
    void RecordConflict();

    /// <summary>A Beds24 call failed (an error answer, a timeout or no answer at all).</summary>
    void RecordApiError();

    /// <summary>Whether Beds24 answered at all: false starts (or continues) an outage, true ends it.</summary>
    void RecordBeds24Reachable(bool reachable);
}
