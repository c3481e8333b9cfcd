using System.Diagnostics;

namespace Beds24Sync.Operations;

/// <summary>
/// The one <see cref="ISyncTelemetry"/> of a process: every report goes to the rolling <see cref="Statistics"/>
/// (/status, the app's alert rules) and to the <see cref="Metrics"/> meter (OpenTelemetry / Application Insights).
/// </summary>
public sealed class SyncTelemetry : ISyncTelemetry, IDisposable
{
    public const string MeterName = SyncMetrics.MeterName;

    /// <summary>Traces of sync work (one span per push and per inbound booking), for OpenTelemetry.</summary>
    public static readonly ActivitySource Tracing = new(MeterName);

    /// <summary>The default rolling window (Operations:StatisticsWindow changes it).</summary>
    public static readonly TimeSpan Window = SyncStatistics.DefaultWindow;

    private readonly bool _ownsMetrics;

    public SyncTelemetry(SyncStatistics statistics, SyncMetrics metrics)
    {
        Statistics = statistics;
        Metrics = metrics;
    }

    /// <summary>A self-contained instance (own statistics and meter), for tests and tools.</summary>
    public SyncTelemetry(TimeProvider time)
    {
        Statistics = new SyncStatistics(time);
        Metrics = new SyncMetrics(Statistics);
        _ownsMetrics = true;
    }

    public SyncStatistics Statistics { get; }

    public SyncMetrics Metrics { get; }

    public void RecordPush(SyncOutcome outcome, TimeSpan latency) => RecordOutcome(SyncFlows.Push, outcome, latency);

    public void RecordInbound(SyncOutcome outcome, TimeSpan latency) => RecordOutcome(SyncFlows.Inbound, outcome, latency);

    public void RecordCalendarFlush(SyncOutcome outcome, TimeSpan latency) => RecordOutcome(SyncFlows.Calendar, outcome, latency);

    public void RecordOutcome(string flow, SyncOutcome outcome, TimeSpan latency)
    {
        Statistics.RecordOutcome(outcome, latency);
        Metrics.RecordOutcome(flow, outcome, latency);
    }

    public void RecordOutcome(string flow, bool succeeded, TimeSpan latency) =>
        RecordOutcome(flow, succeeded ? SyncOutcome.Succeeded : SyncOutcome.Failed, latency);

    public void RecordConflict()
    {
        Statistics.RecordConflict();
        Metrics.RecordConflict();
    }

    public void RecordApiError() => RecordApiError(unreachable: false);

    /// <summary>A Beds24 call failed; <paramref name="unreachable"/> when no answer came at all (network, timeout, open circuit).</summary>
    public void RecordApiError(bool unreachable)
    {
        Statistics.RecordApiError();
        Metrics.RecordApiError();
        if (unreachable)
        {
            Statistics.RecordBeds24Reachable(false);
        }
    }

    public void RecordBeds24Reachable(bool reachable) => Statistics.RecordBeds24Reachable(reachable);

    /// <summary>Beds24 answered: ends an outage.</summary>
    public void RecordBeds24Reachable() => RecordBeds24Reachable(true);

    public TelemetrySnapshot Snapshot() => Statistics.Snapshot();

    public void Dispose()
    {
        if (_ownsMetrics)
        {
            Metrics.Dispose();
        }
    }
}
