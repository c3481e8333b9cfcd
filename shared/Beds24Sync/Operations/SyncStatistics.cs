namespace Beds24Sync.Operations;

/// <summary>
/// The rolling figures of the last <see cref="Window"/> (15 minutes by default): success rate, latency p50/p95/p99,
/// conflict rate, API error rate, and how long Beds24 has been unreachable. In memory, per process: /status shows
/// them and the app's alert rules judge them. Samples are kept in 10-second buckets with exact counts and at most
/// <see cref="MaxLatenciesPerBucket"/> latencies each, so memory stays bounded under any load.
/// </summary>
public sealed class SyncStatistics
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan BucketWidth = TimeSpan.FromSeconds(10);
    public const int MaxLatenciesPerBucket = 1000;

    private readonly TimeProvider _time;
    private readonly long _bucketsInWindow;
    private readonly Lock _gate = new();
    private readonly LinkedList<Bucket> _buckets = new();
    private DateTimeOffset? _unreachableSince;

    public SyncStatistics(TimeProvider time, TimeSpan? window = null)
    {
        Window = window ?? DefaultWindow;
        if (Window < BucketWidth)
        {
            throw new ArgumentOutOfRangeException(nameof(window), Window, $"The statistics window must be at least {BucketWidth.TotalSeconds:F0} seconds.");
        }

        _time = time;
        _bucketsInWindow = (long)Math.Ceiling(Window / BucketWidth);
    }

    public TimeSpan Window { get; }

    public void RecordOutcome(SyncOutcome outcome, TimeSpan latency)
    {
        lock (_gate)
        {
            var bucket = Current();
            if (outcome == SyncOutcome.Succeeded)
            {
                bucket.Succeeded++;
            }
            else
            {
                bucket.Failed++;
            }

            if (bucket.Latencies.Count < MaxLatenciesPerBucket)
            {
                bucket.Latencies.Add(latency.TotalMilliseconds);
            }
        }
    }

    public void RecordConflict()
    {
        lock (_gate)
        {
            Current().Conflicts++;
        }
    }

    public void RecordApiError()
    {
        lock (_gate)
        {
            Current().ApiErrors++;
        }
    }

    /// <summary>False starts an outage (if none is running); true ends it and counts as a Beds24 call that worked.</summary>
    public void RecordBeds24Reachable(bool reachable)
    {
        lock (_gate)
        {
            if (reachable)
            {
                Current().ApiSuccesses++;
                _unreachableSince = null;
            }
            else
            {
                _unreachableSince ??= _time.GetUtcNow();
            }
        }
    }

    /// <summary>How long Beds24 has been unreachable, or null when its last answer came through.</summary>
    public TimeSpan? Beds24UnreachableFor
    {
        get
        {
            lock (_gate)
            {
                return _unreachableSince is { } since ? _time.GetUtcNow() - since : null;
            }
        }
    }

    public TelemetrySnapshot Snapshot()
    {
        int succeeded = 0, failed = 0, conflicts = 0, apiErrors = 0, apiSuccesses = 0;
        var latencies = new List<double>();
        TimeSpan? unreachable;
        lock (_gate)
        {
            Trim(Index(_time.GetUtcNow()));
            foreach (var bucket in _buckets)
            {
                succeeded += bucket.Succeeded;
                failed += bucket.Failed;
                conflicts += bucket.Conflicts;
                apiErrors += bucket.ApiErrors;
                apiSuccesses += bucket.ApiSuccesses;
                latencies.AddRange(bucket.Latencies);
            }

            unreachable = _unreachableSince is { } since ? _time.GetUtcNow() - since : null;
        }

        latencies.Sort();
        var outcomes = succeeded + failed;
        var apiCalls = apiErrors + apiSuccesses;
        return new TelemetrySnapshot(
            outcomes,
            outcomes == 0 ? null : (double)succeeded / outcomes,
            Percentile(latencies, 0.50), Percentile(latencies, 0.95), Percentile(latencies, 0.99),
            outcomes == 0 ? null : (double)conflicts / outcomes,
            apiErrors,
            unreachable)
        {
            Failures = failed,
            Conflicts = conflicts,
            ApiErrorRate = apiCalls == 0 ? null : (double)apiErrors / apiCalls,
            Window = Window,
        };
    }

    private Bucket Current()
    {
        var index = Index(_time.GetUtcNow());
        Trim(index);
        if (_buckets.Last?.Value is { } last && last.Index == index)
        {
            return last;
        }

        var bucket = new Bucket(index);
        _buckets.AddLast(bucket);
        return bucket;
    }

    private void Trim(long currentIndex)
    {
        while (_buckets.First is { } oldest && currentIndex - oldest.Value.Index >= _bucketsInWindow)
        {
            _buckets.RemoveFirst();
        }
    }

    private static long Index(DateTimeOffset at) => at.UtcTicks / BucketWidth.Ticks;

    // Nearest-rank percentile: the smallest sample with at least p of the samples at or below it.
    private static double? Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private sealed class Bucket(long index)
    {
        public long Index { get; } = index;
        public int Succeeded { get; set; }
        public int Failed { get; set; }
        public int Conflicts { get; set; }
        public int ApiErrors { get; set; }
        public int ApiSuccesses { get; set; }
        public List<double> Latencies { get; } = [];
    }
}
