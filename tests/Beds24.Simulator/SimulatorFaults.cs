using System.Collections.Concurrent;

namespace Beds24.Simulator;

/// <summary>Faults to inject per path prefix (e.g. "bookings", "authentication/token"; "" matches every path).</summary>
public sealed class SimulatorFaults
{
    private readonly ConcurrentQueue<FaultRule> _rules = new();
    private volatile string? _outagePrefix;
    private int _answersLost;

    /// <summary>Answer the next <paramref name="count"/> matching requests with <paramref name="status"/> (e.g. 500, 503, 429).</summary>
    /// <param name="queryContains">Only requests whose query string contains this (e.g. "propertyId=42").</param>
    public void FailNext(int count, int status = 503, string pathPrefix = "", string? queryContains = null) =>
        _rules.Enqueue(new FaultRule(pathPrefix, FaultKind.Status, count, status, TimeSpan.Zero) { QueryContains = queryContains });

    /// <summary>Abort the connection of the next <paramref name="count"/> matching requests without an answer.</summary>
    public void DropNext(int count, string pathPrefix = "") => _rules.Enqueue(new FaultRule(pathPrefix, FaultKind.Drop, count, 0, TimeSpan.Zero));

    /// <summary>Delay the next <paramref name="count"/> matching requests.</summary>
    public void DelayNext(int count, TimeSpan latency, string pathPrefix = "") => _rules.Enqueue(new FaultRule(pathPrefix, FaultKind.Latency, count, 0, latency));

    /// <summary>
    /// Apply the next <paramref name="count"/> matching requests (the write happens), then lose the answer the way a
    /// gateway or a network does: a 502, a reset connection, or no answer until the caller times out.
    /// </summary>
    public void LoseAnswerNext(int count, LostAnswer how = LostAnswer.BadGateway, string pathPrefix = "", string method = "POST") =>
        _rules.Enqueue(new FaultRule(pathPrefix, FaultKind.LoseAnswer, count, 0, TimeSpan.Zero) { Method = method, How = how });

    /// <summary>Answers lost after the request was applied (see <see cref="LoseAnswerNext"/>).</summary>
    public int AnswersLost => Volatile.Read(ref _answersLost);

    internal void CountLostAnswer() => Interlocked.Increment(ref _answersLost);

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

    internal FaultRule? Take(string method, string path, string query = "")
    {
        foreach (var rule in _rules)
        {
            if (path.StartsWith(rule.PathPrefix, StringComparison.OrdinalIgnoreCase)
                && (rule.Method is null || string.Equals(rule.Method, method, StringComparison.OrdinalIgnoreCase))
                && (rule.QueryContains is null || query.Contains(rule.QueryContains, StringComparison.Ordinal))
                && rule.TryConsume())
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
        LoseAnswer,
    }

    internal sealed class FaultRule(string pathPrefix, FaultKind kind, int count, int status, TimeSpan latency)
    {
        private int _remaining = count;

        public string PathPrefix { get; } = pathPrefix;
        public FaultKind Kind { get; } = kind;
        public int StatusCode { get; } = status;
        public TimeSpan Latency { get; } = latency;
        public string? Method { get; init; }
        public string? QueryContains { get; init; }
        public LostAnswer How { get; init; }

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

/// <summary>How an applied request's answer is lost.</summary>
public enum LostAnswer
{
    /// <summary>A gateway answers 502 Bad Gateway.</summary>
    BadGateway,
    /// <summary>The connection is reset before any answer.</summary>
    Reset,
    /// <summary>No answer until the caller gives up (the connection is then dropped).</summary>
    Timeout,
}
