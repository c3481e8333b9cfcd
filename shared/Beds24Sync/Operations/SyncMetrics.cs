using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Beds24Sync.Operations;

/// <summary>
/// Meter <c>Beds24Sync</c> for OpenTelemetry (exported to Application Insights in Azure, where the alert rules of
/// infra/ read them as custom metrics): work items by flow and outcome, latency, conflicts, Beds24 API errors, and
/// gauges for credits left per account, queue depth per queue and how long Beds24 has been unreachable. The credit
/// and queue gauges show the values <see cref="StatusService"/> last read (it runs at least every minute, for the
/// alert rules).
/// </summary>
public sealed class SyncMetrics : IDisposable
{
    public const string MeterName = "Beds24Sync";

    private readonly Counter<long> _outcomes;
    private readonly Histogram<double> _latency;
    private readonly Counter<long> _conflicts;
    private readonly Counter<long> _apiErrors;
    private readonly ConcurrentDictionary<string, double> _creditsLeft = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _queueDepths = new(StringComparer.Ordinal);

    public SyncMetrics(SyncStatistics statistics, IMeterFactory? meterFactory = null)
    {
        Meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _outcomes = Meter.CreateCounter<long>("beds24sync.outcomes", description: "Sync work items by flow (push, inbound, calendar) and outcome (success, failure)");
        _latency = Meter.CreateHistogram<double>("beds24sync.latency", unit: "ms", description: "Time to sync one change, by flow and outcome");
        _conflicts = Meter.CreateCounter<long>("beds24sync.conflicts", description: "Conflicts detected between the PMS and Beds24");
        _apiErrors = Meter.CreateCounter<long>("beds24sync.api_errors", description: "Beds24 interactions of the flows that failed");
        Meter.CreateObservableGauge("beds24sync.credits_left",
            () => _creditsLeft.Select(kv => new Measurement<double>(kv.Value, new KeyValuePair<string, object?>("account", kv.Key))),
            description: "Beds24 credits left in the account's five-minute window (last read)");
        Meter.CreateObservableGauge("beds24sync.queue_depth",
            () => _queueDepths.Select(kv => new Measurement<long>(kv.Value, new KeyValuePair<string, object?>("queue", kv.Key))),
            description: "Approximate messages waiting per queue (last read)");
        Meter.CreateObservableGauge("beds24sync.beds24_unreachable_seconds",
            () => statistics.Beds24UnreachableFor?.TotalSeconds ?? 0, unit: "s",
            description: "How long Beds24 has been unreachable (0 while it answers)");
    }

    internal Meter Meter { get; }

    public void RecordOutcome(string flow, SyncOutcome outcome, TimeSpan latency)
    {
        var tags = new TagList { { "flow", flow }, { "outcome", outcome == SyncOutcome.Succeeded ? "success" : "failure" } };
        _outcomes.Add(1, tags);
        _latency.Record(latency.TotalMilliseconds, tags);
    }

    public void RecordConflict() => _conflicts.Add(1);

    public void RecordApiError() => _apiErrors.Add(1);

    public void SetCreditsLeft(string accountId, decimal creditsLeft) => _creditsLeft[accountId] = (double)creditsLeft;

    public void SetQueueDepth(string queue, long depth) => _queueDepths[queue] = depth;

    public void Dispose() => Meter.Dispose();
}
