using System.Globalization;
using System.Text;

namespace Beds24Sync.Operations;

/// <summary>
/// The /metrics document: <see cref="SyncStatus"/> in Prometheus text exposition (version 0.0.4), which any
/// Prometheus-compatible scraper reads, and so can a person. The same figures reach Application Insights through
/// OpenTelemetry; /status has them as JSON.
/// </summary>
public static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Render(SyncStatus s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var text = new StringBuilder();
        Gauge(text, "beds24sync_queue_depth", "Approximate messages waiting per queue", s.QueueDepths.Select(q => (Label("queue", q.Key), (double?)q.Value)));
        Gauge(text, "beds24sync_open_conflicts", "Conflicts not yet resolved", [("", s.OpenConflicts)]);
        Gauge(text, "beds24sync_dead_letters", "Dead letters not yet replayed", [("", s.DeadLetters)]);
        Gauge(text, "beds24sync_changes", "Changes synced in the rolling window", [("", s.Rolling.Outcomes)]);
        Gauge(text, "beds24sync_success_rate", "Share of changes synced successfully in the rolling window", [("", s.Rolling.SuccessRate)]);
        Gauge(text, "beds24sync_conflict_rate", "Share of changes that ran into a conflict in the rolling window", [("", s.Rolling.ConflictRate)]);
        Gauge(text, "beds24sync_api_errors", "Beds24 errors in the rolling window", [("", s.Rolling.ApiErrors)]);
        Gauge(text, "beds24sync_api_error_rate", "Share of Beds24 interactions that failed in the rolling window", [("", s.Rolling.ApiErrorRate)]);
        Gauge(text, "beds24sync_beds24_unreachable_seconds", "How long Beds24 has been unreachable (0 while it answers)",
            [("", s.Rolling.Beds24UnreachableFor?.TotalSeconds ?? 0)]);
        Gauge(text, "beds24sync_latency_ms", "Latency of one change in the rolling window",
            [(Label("quantile", "0.5"), s.Rolling.LatencyP50Ms), (Label("quantile", "0.95"), s.Rolling.LatencyP95Ms), (Label("quantile", "0.99"), s.Rolling.LatencyP99Ms)]);
        Gauge(text, "beds24sync_credits_left", "Beds24 credits left in the five-minute window", s.Accounts.Select(a => (Label("account", a.AccountId), (double?)a.CreditsLeft)));
        Gauge(text, "beds24sync_cursor_lag_seconds", "Age of the incremental pull cursor", s.Accounts.Select(a => (Label("account", a.AccountId), a.CursorLag?.TotalSeconds)));
        return text.ToString();
    }

    private static void Gauge(StringBuilder text, string name, string help, IEnumerable<(string Labels, double? Value)> samples)
    {
        text.AppendLine(CultureInfo.InvariantCulture, $"# HELP {name} {help}");
        text.AppendLine(CultureInfo.InvariantCulture, $"# TYPE {name} gauge");
        foreach (var (labels, value) in samples)
        {
            // A figure with no samples (no changes yet) is left out rather than reported as 0 or NaN.
            if (value is { } v)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{name}{labels} {v.ToString("0.######", CultureInfo.InvariantCulture)}");
            }
        }
    }

    private static string Label(string name, string value) =>
        $"{{{name}=\"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}\"}}";
}
