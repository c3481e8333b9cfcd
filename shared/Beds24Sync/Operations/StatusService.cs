using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Azure;
using Beds24.Api.Credits;
using Beds24Sync.Accounts;
using Beds24Sync.Alerts;
using Beds24Sync.Conflicts;
using Beds24Sync.DeadLetters;
using Beds24Sync.Pull;
using Beds24Sync.Storage;

namespace Beds24Sync.Operations;

/// <summary>
/// What an operator needs at a glance, per account and overall: last pull and cursor lag, credits left, queue depths,
/// open conflicts, dead letters, the rolling figures and recent alerts. Served as JSON (/status) and as Prometheus
/// text (/metrics). Each read also refreshes the credit and queue gauges of meter <c>Beds24Sync</c>.
/// </summary>
public sealed class StatusService(IAccountStore accounts, SyncCursorStore cursors, ICreditBudgetStore credits, StorageClients storage,
    IConflictStore conflicts, IDeadLetterStore deadLetters, LoggingAlertNotifier alerts, SyncTelemetry telemetry, TimeProvider time,
    Microsoft.Extensions.Options.IOptions<Beds24.Api.Beds24ClientOptions>? clientOptions = null)
{
    public async Task<SyncStatus> GetAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var accountStatuses = new List<AccountStatus>();
        await foreach (var account in accounts.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var cursor = await cursors.GetAsync(account.AccountId, cancellationToken).ConfigureAwait(false);
            var credit = await credits.GetAsync(account.AccountId, cancellationToken).ConfigureAwait(false);
            if (credit is not null)
            {
                telemetry.Metrics.SetCreditsLeft(account.AccountId, credit.Remaining);
            }

            accountStatuses.Add(new AccountStatus(account.AccountId, account.Enabled, account.PropertyIds.Count, cursor?.LastSuccessAt,
                cursor?.Cursor is { } c ? now - c : null, credit?.Remaining, credit?.ResetsAt));
        }

        var depths = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var queue in StorageNames.Queues.All)
        {
            var properties = await storage.Queue(queue).GetPropertiesAsync(cancellationToken).ConfigureAwait(false);
            depths[queue] = properties.Value.ApproximateMessagesCount;
            telemetry.Metrics.SetQueueDepth(queue, properties.Value.ApproximateMessagesCount);
        }

        // Counted from a few columns (no conflict or dead-letter JSON is read): /status and the alert timer run every minute.
        var stats = await conflicts.GetStatsAsync(cancellationToken).ConfigureAwait(false);
        var (openConflicts, allConflicts) = (stats.Waiting, stats.Total);
        var dead = await deadLetters.CountUnreplayedAsync(cancellationToken).ConfigureAwait(false);

        return new SyncStatus(now, accountStatuses, depths, openConflicts, allConflicts, dead, [.. alerts.Recent.TakeLast(20)], telemetry.Snapshot());
    }

    public async Task<ApiResult> StatusJsonAsync(CancellationToken cancellationToken)
    {
        SyncStatus s;
        try
        {
            s = await GetAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex)
        {
            return StorageUnavailable(ex);
        }

        var client = clientOptions?.Value ?? new Beds24.Api.Beds24ClientOptions();
        var json = new JsonObject
        {
            ["generatedAt"] = s.GeneratedAt,
            // Who may spend the last credits of a window: pushes stop at the first, re-reads and pulls at the second.
            ["creditShares"] = new JsonObject
            {
                ["pushesWaitBelow"] = client.CreditReserve,
                ["readsWaitBelow"] = Math.Max(client.BackgroundCreditReserve, client.CreditReserve),
            },
            ["accounts"] = new JsonArray([.. s.Accounts.Select(a => (JsonNode)new JsonObject
            {
                ["accountId"] = a.AccountId,
                ["enabled"] = a.Enabled,
                ["properties"] = a.Properties,
                ["lastPullAt"] = a.LastPullAt,
                ["cursorLagSeconds"] = a.CursorLag is { } lag ? Math.Round(lag.TotalSeconds) : null,
                ["creditsLeft"] = a.CreditsLeft,
                ["creditsResetAt"] = a.CreditsResetAt,
            })]),
            ["queueDepths"] = new JsonObject([.. s.QueueDepths.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))]),
            ["openConflicts"] = s.OpenConflicts,
            ["conflictsTotal"] = s.ConflictsTotal,
            ["deadLetters"] = s.DeadLetters,
            ["rolling"] = new JsonObject
            {
                ["windowMinutes"] = s.Rolling.Window.TotalMinutes,
                ["changes"] = s.Rolling.Outcomes,
                ["failures"] = s.Rolling.Failures,
                ["successRate"] = s.Rolling.SuccessRate,
                ["latencyMs"] = new JsonObject { ["p50"] = s.Rolling.LatencyP50Ms, ["p95"] = s.Rolling.LatencyP95Ms, ["p99"] = s.Rolling.LatencyP99Ms },
                ["conflicts"] = s.Rolling.Conflicts,
                ["conflictRate"] = s.Rolling.ConflictRate,
                ["apiErrors"] = s.Rolling.ApiErrors,
                ["apiErrorRate"] = s.Rolling.ApiErrorRate,
                ["beds24UnreachableSeconds"] = s.Rolling.Beds24UnreachableFor is { } down ? Math.Round(down.TotalSeconds) : null,
            },
            ["recentAlerts"] = new JsonArray([.. s.RecentAlerts.Select(a => (JsonNode)new JsonObject
            {
                ["rule"] = a.Rule, ["severity"] = a.Severity, ["message"] = a.Message, ["raisedAt"] = a.RaisedAt, ["accountId"] = a.AccountId,
            })]),
        };
        return ApiResult.Ok(json.ToJsonString());
    }

    /// <summary>Evaluate the app's alert rules on the current figures and send what fires or clears.</summary>
    public async Task<IReadOnlyList<AlertEvent>> EvaluateAlertsAsync(AlertEvaluator evaluator, IAlertNotifier notifier, CancellationToken cancellationToken)
    {
        var status = await GetAsync(cancellationToken).ConfigureAwait(false);
        var raised = evaluator.Evaluate(status.Rolling, status.QueueDepths);
        foreach (var alert in raised)
        {
            await notifier.NotifyAsync(alert, cancellationToken).ConfigureAwait(false);
        }

        return raised;
    }

    /// <summary>
    /// Prometheus text exposition (version 0.0.4): any Prometheus-compatible scraper reads it, and so can a person.
    /// The same figures reach Application Insights through OpenTelemetry; /status has them as JSON.
    /// </summary>
    public async Task<ApiResult> MetricsTextAsync(CancellationToken cancellationToken)
    {
        SyncStatus s;
        try
        {
            s = await GetAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex)
        {
            return StorageUnavailable(ex);
        }

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
        return new ApiResult(200, "text/plain; version=0.0.4; charset=utf-8", text.ToString());
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

    private static ApiResult StorageUnavailable(RequestFailedException ex) =>
        ApiResult.Problem(503, "Storage unavailable", $"Queues or tables could not be read ({ex.Status} {ex.ErrorCode}); /health has details.");
}

public sealed record SyncStatus(DateTimeOffset GeneratedAt, IReadOnlyList<AccountStatus> Accounts, IReadOnlyDictionary<string, int> QueueDepths,
    int OpenConflicts, int ConflictsTotal, int DeadLetters, IReadOnlyList<AlertEvent> RecentAlerts, TelemetrySnapshot Rolling);

public sealed record AccountStatus(string AccountId, bool Enabled, int Properties, DateTimeOffset? LastPullAt, TimeSpan? CursorLag, decimal? CreditsLeft, DateTimeOffset? CreditsResetAt);
