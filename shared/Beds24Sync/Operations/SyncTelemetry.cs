using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Beds24Sync.Operations;

/// <summary>
/// What the flows report as they work, kept over a rolling window for /status and the app's own alert rules, and
/// published on meter <c>Beds24Sync</c> for OpenTelemetry / Application Insights. One instance per process.
/// </summary>
public sealed class SyncTelemetry : IDisposable
{
    public const string MeterName = "Beds24Sync";

    /// <summary>Traces of sync work (one span per push and per inbound booking), for OpenTelemetry.</summary>
    public static readonly System.Diagnostics.ActivitySource Tracing = new(MeterName);
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private readonly TimeProvider _time;
    private readonly ConcurrentQueue<Sample> _samples = new();
    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _outcomes;
    private readonly Histogram<double> _latency;
    private readonly Counter<long> _conflicts;
    private readonly Counter<long> _apiErrors;
    private DateTimeOffset? _unreachableSince;

    public SyncTelemetry(TimeProvider time)
    {
        _time = time;
        _outcomes = _meter.CreateCounter<long>("beds24sync.outcomes", description: "Sync work items by flow and outcome");
        _latency = _meter.CreateHistogram<double>("beds24sync.latency", unit: "ms", description: "Time to sync one change");
        _conflicts = _meter.CreateCounter<long>("beds24sync.conflicts", description: "Conflicts detected");
        _apiErrors = _meter.CreateCounter<long>("beds24sync.api_errors", description: "Beds24 calls that failed");
    }

    public void RecordOutcome(string flow, bool succeeded, TimeSpan latency)
    {
        Add(new Sample(_time.GetUtcNow(), Kind.Outcome, succeeded, latency.TotalMilliseconds));
        var tags = new KeyValuePair<string, object?>[] { new("flow", flow), new("outcome", succeeded ? "success" : "failure") };
        _outcomes.Add(1, tags);
        _latency.Record(latency.TotalMilliseconds, tags);
    }

    public void RecordConflict()
    {
        Add(new Sample(_time.GetUtcNow(), Kind.Conflict, false, 0));
        _conflicts.Add(1);
    }

    /// <summary>A Beds24 call failed; <paramref name="unreachable"/> when no answer came at all (network, timeout, open circuit).</summary>
    public void RecordApiError(bool unreachable)
    {
        Add(new Sample(_time.GetUtcNow(), Kind.ApiError, false, 0));
        _apiErrors.Add(1);
        if (unreachable)
        {
            _unreachableSince ??= _time.GetUtcNow();
        }
    }

    public void RecordBeds24Reachable() => _unreachableSince = null;

    public TelemetrySnapshot Snapshot()
    {
        var now = _time.GetUtcNow();
        Trim(now);
        var samples = _samples.ToArray();
        var outcomes = samples.Where(s => s.Kind == Kind.Outcome).ToArray();
        var latencies = outcomes.Select(s => s.LatencyMs).Order().ToArray();
        var conflicts = samples.Count(s => s.Kind == Kind.Conflict);
        var apiErrors = samples.Count(s => s.Kind == Kind.ApiError);
        return new TelemetrySnapshot(
            outcomes.Length,
            outcomes.Length == 0 ? null : (double)outcomes.Count(s => s.Succeeded) / outcomes.Length,
            Percentile(latencies, 0.50), Percentile(latencies, 0.95), Percentile(latencies, 0.99),
            outcomes.Length == 0 ? null : (double)conflicts / outcomes.Length,
            apiErrors,
            _unreachableSince is { } since ? now - since : null);
    }

    public void Dispose() => _meter.Dispose();

    private void Add(Sample sample)
    {
        _samples.Enqueue(sample);
        Trim(sample.At);
    }

    private void Trim(DateTimeOffset now)
    {
        while (_samples.TryPeek(out var oldest) && now - oldest.At > Window)
        {
            _samples.TryDequeue(out _);
        }
    }

    private static double? Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private enum Kind
    {
        Outcome,
        Conflict,
        ApiError,
    }

    private sealed record Sample(DateTimeOffset At, Kind Kind, bool Succeeded, double LatencyMs);
}

/// <summary>The rolling window's figures (null where there were no samples).</summary>
public sealed record TelemetrySnapshot(int Outcomes, double? SuccessRate, double? LatencyP50Ms, double? LatencyP95Ms, double? LatencyP99Ms,
    double? ConflictRate, int ApiErrors, TimeSpan? Beds24UnreachableFor);
