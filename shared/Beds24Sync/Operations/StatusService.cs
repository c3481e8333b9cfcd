using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Queues.Models;
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
/// open conflicts, dead letters, recent alerts. Served as JSON (/status) and Prometheus text (/metrics).
/// </summary>
public sealed class StatusService(IAccountStore accounts, SyncCursorStore cursors, ICreditBudgetStore credits, StorageClients storage,
    IConflictStore conflicts, IDeadLetterStore deadLetters, LoggingAlertNotifier alerts, SyncTelemetry telemetry, TimeProvider time)
{
    public async Task<SyncStatus> GetAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var accountStatuses = new List<AccountStatus>();
        await foreach (var account in accounts.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var cursor = await cursors.GetAsync(account.AccountId, cancellationToken).ConfigureAwait(false);
            var credit = await credits.GetAsync(account.AccountId, cancellationToken).ConfigureAwait(false);
            accountStatuses.Add(new AccountStatus(account.AccountId, account.Enabled, account.PropertyIds.Count, cursor?.LastSuccessAt,
                cursor?.Cursor is { } c ? now - c : null, credit?.Remaining, credit?.ResetsAt));
        }

        var depths = new Dictionary<string, int>();
        foreach (var queue in StorageNames.Queues.All)
        {
            QueueProperties properties = await storage.Queue(queue).GetPropertiesAsync(cancellationToken).ConfigureAwait(false);
            depths[queue] = properties.ApproximateMessagesCount;
        }

        var openConflicts = 0;
        var allConflicts = 0;
        await foreach (var conflict in conflicts.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            allConflicts++;
            if (conflict.Status != ConflictStatuses.Resolved)
            {
                openConflicts++;
            }
        }

        var dead = 0;
        await foreach (var _ in deadLetters.ListAsync(includeReplayed: false, cancellationToken).ConfigureAwait(false))
        {
            dead++;
        }

        return new SyncStatus(now, accountStatuses, depths, openConflicts, allConflicts, dead, [.. alerts.Recent.TakeLast(20)], telemetry.Snapshot());
    }

    public async Task<ApiResult> StatusJsonAsync(CancellationToken cancellationToken)
    {
        var s = await GetAsync(cancellationToken).ConfigureAwait(false);
        var json = new JsonObject
        {
            ["generatedAt"] = s.GeneratedAt,
            ["accounts"] = new JsonArray([.. s.Accounts.Select(a => (JsonNode)new JsonObject
            {
                ["accountId"] = a.AccountId,
                ["enabled"] = a.Enabled,
                ["properties"] = a.Properties,
                ["lastPullAt"] = a.LastPullAt,
                ["cursorLagSeconds"] = a.CursorLag?.TotalSeconds,
                ["creditsLeft"] = a.CreditsLeft,
                ["creditsResetAt"] = a.CreditsResetAt,
            })]),
            ["queueDepths"] = new JsonObject([.. s.QueueDepths.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))]),
            ["openConflicts"] = s.OpenConflicts,
            ["conflictsTotal"] = s.ConflictsTotal,
            ["deadLetters"] = s.DeadLetters,
            ["rolling"] = new JsonObject
            {
                ["windowMinutes"] = SyncTelemetry.Window.TotalMinutes,
                ["changes"] = s.Rolling.Outcomes,
                ["successRate"] = s.Rolling.SuccessRate,
                ["latencyMs"] = new JsonObject { ["p50"] = s.Rolling.LatencyP50Ms, ["p95"] = s.Rolling.LatencyP95Ms, ["p99"] = s.Rolling.LatencyP99Ms },
                ["conflictRate"] = s.Rolling.ConflictRate,
                ["apiErrors"] = s.Rolling.ApiErrors,
                ["beds24UnreachableSeconds"] = s.Rolling.Beds24UnreachableFor?.TotalSeconds,
            },
            ["recentAlerts"] = new JsonArray([.. s.RecentAlerts.Select(a => (JsonNode)new JsonObject { ["rule"] = a.Rule, ["severity"] = a.Severity, ["message"] = a.Message, ["raisedAt"] = a.RaisedAt })]),
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

    /// <summary>Prometheus text exposition: scrape it, or read it by eye.</summary>
    public async Task<ApiResult> MetricsTextAsync(CancellationToken cancellationToken)
    {
        var s = await GetAsync(cancellationToken).ConfigureAwait(false);
        var text = new StringBuilder();
        text.AppendLine("# TYPE beds24sync_queue_depth gauge");
        foreach (var (queue, depth) in s.QueueDepths)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"beds24sync_queue_depth{{queue=\"{queue}\"}} {depth}");
        }

        text.AppendLine("# TYPE beds24sync_open_conflicts gauge").AppendLine(CultureInfo.InvariantCulture, $"beds24sync_open_conflicts {s.OpenConflicts}");
        text.AppendLine("# TYPE beds24sync_dead_letters gauge").AppendLine(CultureInfo.InvariantCulture, $"beds24sync_dead_letters {s.DeadLetters}");
        text.AppendLine("# TYPE beds24sync_success_rate gauge").AppendLine(CultureInfo.InvariantCulture, $"beds24sync_success_rate {s.Rolling.SuccessRate ?? 1}");
        text.AppendLine("# TYPE beds24sync_conflict_rate gauge").AppendLine(CultureInfo.InvariantCulture, $"beds24sync_conflict_rate {s.Rolling.ConflictRate ?? 0}");
        text.AppendLine("# TYPE beds24sync_api_errors gauge").AppendLine(CultureInfo.InvariantCulture, $"beds24sync_api_errors {s.Rolling.ApiErrors}");
        text.AppendLine("# TYPE beds24sync_latency_ms gauge");
        foreach (var (quantile, value) in new[] { ("0.5", s.Rolling.LatencyP50Ms), ("0.95", s.Rolling.LatencyP95Ms), ("0.99", s.Rolling.LatencyP99Ms) })
        {
            if (value is { } ms)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"beds24sync_latency_ms{{quantile=\"{quantile}\"}} {ms:F1}");
            }
        }

        text.AppendLine("# TYPE beds24sync_credits_left gauge");
        foreach (var a in s.Accounts.Where(a => a.CreditsLeft is not null))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"beds24sync_credits_left{{account=\"{a.AccountId}\"}} {a.CreditsLeft}");
        }

        text.AppendLine("# TYPE beds24sync_cursor_lag_seconds gauge");
        foreach (var a in s.Accounts.Where(a => a.CursorLag is not null))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"beds24sync_cursor_lag_seconds{{account=\"{a.AccountId}\"}} {a.CursorLag!.Value.TotalSeconds:F0}");
        }

        return new ApiResult(200, "text/plain; version=0.0.4", text.ToString());
    }
}

public sealed record SyncStatus(DateTimeOffset GeneratedAt, IReadOnlyList<AccountStatus> Accounts, IReadOnlyDictionary<string, int> QueueDepths,
    int OpenConflicts, int ConflictsTotal, int DeadLetters, IReadOnlyList<AlertEvent> RecentAlerts, TelemetrySnapshot Rolling);

public sealed record AccountStatus(string AccountId, bool Enabled, int Properties, DateTimeOffset? LastPullAt, TimeSpan? CursorLag, decimal? CreditsLeft, DateTimeOffset? CreditsResetAt);
