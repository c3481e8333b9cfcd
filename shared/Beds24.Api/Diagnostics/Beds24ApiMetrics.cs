using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Beds24.Api.Diagnostics;

/// <summary>
/// Meter <c>Beds24.Api</c>: requests by endpoint and outcome (success, token-refused, rate-limited, auth-error,
/// validation-error, server-error, network-error, error), duration, retries, credits spent, waited for and left.
/// </summary>
public sealed class Beds24ApiMetrics : IDisposable
{
    public const string MeterName = "Beds24.Api";

    private readonly Meter _meter;
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _retries;
    private readonly Counter<double> _creditsSpent;
    private readonly Histogram<double> _creditWait;
    private readonly ConcurrentDictionary<string, decimal> _creditsLeft = new(StringComparer.Ordinal);

    public Beds24ApiMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _requests = _meter.CreateCounter<long>("beds24.api.requests", description: "Beds24 API requests by endpoint and outcome");
        _duration = _meter.CreateHistogram<double>("beds24.api.duration", unit: "ms", description: "Beds24 API call duration");
        _retries = _meter.CreateCounter<long>("beds24.api.retries", description: "Retried Beds24 attempts");
        _creditsSpent = _meter.CreateCounter<double>("beds24.api.credits_spent", description: "Credits charged by Beds24 (x-request-cost)");
        _creditWait = _meter.CreateHistogram<double>("beds24.api.credit_wait", unit: "s", description: "Time calls waited for the credit window to reset");
        _meter.CreateObservableGauge("beds24.api.credits_left", () =>
            _creditsLeft.Select(kv => new Measurement<double>((double)kv.Value, new KeyValuePair<string, object?>("account", kv.Key))),
            description: "Credits left in the account's five-minute window");
    }

    internal void RecordRequest(string endpoint, string outcome, double elapsedMs)
    {
        var tags = new TagList { { "endpoint", endpoint }, { "outcome", outcome } };
        _requests.Add(1, tags);
        _duration.Record(elapsedMs, tags);
    }

    internal void RecordRetry(string endpoint) => _retries.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint));

    internal void RecordCreditWait(string accountId, TimeSpan wait) =>
        _creditWait.Record(wait.TotalSeconds, new KeyValuePair<string, object?>("account", accountId));

    internal void RecordCredits(string accountId, decimal? cost, decimal? remaining)
    {
        if (cost is { } c)
        {
            _creditsSpent.Add((double)c, new KeyValuePair<string, object?>("account", accountId));
        }

        if (remaining is { } r)
        {
            _creditsLeft[accountId] = r;
        }
    }

    public void Dispose() => _meter.Dispose();
}
