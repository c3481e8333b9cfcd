using System.Collections.Concurrent;

namespace Beds24.Simulator;

/// <summary>Faults to inject per path prefix (e.g. "bookings", "authentication/token"; "" matches every path).</summary>
public sealed class SimulatorFaults
{
    private readonly ConcurrentQueue<FaultRule> _rules = new();
    private volatile string? _outagePrefix;

    /// <summary>Answer the next <paramref name="count"/> matching requests with <paramref name="status"/> (e.g. 500, 503, 429).</summary>
    public void FailNext(int count, int status = 503, string pathPrefix = "") => _rules.Enqueue(new FaultRule(pathPrefix, FaultKind.Status, count, status, TimeSpan.Zero));

    /// <summary>Abort the connection of the next <paramref name="count"/> matching requests without an answer.</summary>
    public void DropNext(int count, string pathPrefix = "") => _rules.Enqueue(new FaultRule(pathPrefix, FaultKind.Drop, count, 0, TimeSpan.Zero));

    /// <summary>Delay the next <paramref name="count"/> matching requests.</summary>
    public void DelayNext(int count, TimeSpan latency, string pathPrefix = "") => _rules.Enqueue(new FaultRule(pathPrefix, FaultKind.Latency, count, 0, latency));

    /// <summary>Every matching request fails with 503 until <see cref="Clear"/> (or <see cref="EndOutage"/>).</summary>
    public void StartOutage(string pathPrefix = "") => _outagePrefix = pathPrefix;

    public void EndOutage() => _outagePrefix = null;

    /// <summary>Deliver each webhook twice.</summary>
    public bool DuplicateWebhooks { get; set; }

    /// <summary>Hold each webhook back and deliver it after the next one (out of order).</summary>
    public bool ReorderWebhooks { get; set; }

    /// <summary>Drop webhooks entirely (lost deliveries).</summary>
    public bool LoseWebhooks { get; set; }

    public void Clear()
    {
        _outagePrefix = null;
        _rules.Clear();
        DuplicateWebhooks = false;
        ReorderWebhooks = false;
        LoseWebhooks = false;
    }

    internal bool InOutage(string path) => _outagePrefix is { } prefix && path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);

    internal FaultRule? Take(string path)
    {
        foreach (var rule in _rules)
        {
            if (path.StartsWith(rule.PathPrefix, StringComparison.OrdinalIgnoreCase) && rule.TryConsume())
            {
                return rule;
            }
        }

        return null;
    }

    internal enum FaultKind
    {
        Status,
        Drop,
        Latency,
    }

    internal sealed class FaultRule(string pathPrefix, FaultKind kind, int count, int status, TimeSpan latency)
    {
        private int _remaining = count;

        public string PathPrefix { get; } = pathPrefix;
        public FaultKind Kind { get; } = kind;
        public int StatusCode { get; } = status;
        public TimeSpan Latency { get; } = latency;

        public bool TryConsume()
        {
            while (true)
            {
                var current = Volatile.Read(ref _remaining);
                if (current <= 0)
                {
                    return false;
                }

                if (Interlocked.CompareExchange(ref _remaining, current - 1, current) == current)
                {
                    return true;
                }
            }
        }
    }
}
