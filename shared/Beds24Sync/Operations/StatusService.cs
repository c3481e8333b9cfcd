using Beds24.Api.Credits;
using Beds24Sync.Accounts;
using Beds24Sync.Alerts;
using Beds24Sync.Conflicts;
using Beds24Sync.DeadLetters;
using Beds24Sync.Pull;
using Beds24Sync.Storage;

namespace Beds24Sync.Operations;

/// <summary>
/// Gathers what an operator needs at a glance, per account and overall: last pull and cursor lag, credits left, queue
/// depths, open conflicts, dead letters, the rolling figures and recent alerts (<see cref="SyncStatus"/>). Each read
/// also refreshes the credit and queue gauges of meter <c>Beds24Sync</c>. <see cref="StatusEndpoints"/> serves it,
/// the EvaluateAlerts timer judges it.
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
}
