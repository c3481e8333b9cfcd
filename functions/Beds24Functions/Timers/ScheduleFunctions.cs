using Beds24Functions.Orchestrations;
using Beds24Sync.Accounts;
using Beds24Sync.Alerts;
using Beds24Sync.Operations;
using Beds24Sync.Conflicts;
using Beds24Sync.Pull;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Beds24Functions.Timers;

/// <summary>Every 5 minutes: incremental pull per account. 03:00: the full-pull orchestration. Every minute: conflict workflows.</summary>
public sealed class ScheduleFunctions(IAccountStore accounts, IncrementalPullService incremental, IConflictStore conflictStore,
    Microsoft.Extensions.Options.IOptions<ConflictWorkflowOptions> workflow, StatusService status, AlertEvaluator evaluator, IAlertNotifier notifier, Beds24Sync.Push.PendingPushSweeper pendingPushes, TimeProvider time)
{
    [Function("IncrementalPull")]
    public async Task IncrementalPull([TimerTrigger("0 */5 * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        await foreach (var account in accounts.ListAsync(cancellationToken))
        {
            if (account.Enabled)
            {
                await incremental.RunAsync(account.AccountId, cancellationToken);
            }
        }
    }

    [Function("NightlyFullPull")]
    public async Task NightlyFullPull([TimerTrigger("0 0 3 * * *")] TimerInfo timer, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        await OrchestrationStarter.EnsureRunningAsync(durable, nameof(FullPullOrchestrator), $"full-pull-{time.GetUtcNow():yyyyMMdd}", new { }, cancellationToken);

    /// <summary>Every 10 minutes: re-queue PMS changes left pending on a booking link (safety net).</summary>
    [Function("PendingPushSweep")]
    public Task PendingPushSweep([TimerTrigger("0 */10 * * * *")] TimerInfo timer, CancellationToken cancellationToken) => pendingPushes.RunOnceAsync(cancellationToken);

    /// <summary>Every minute: the app's own alert rules (Azure Monitor evaluates the same rules across instances).</summary>
    [Function("EvaluateAlerts")]
    public Task EvaluateAlerts([TimerTrigger("30 * * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        status.EvaluateAlertsAsync(evaluator, notifier, cancellationToken);

    /// <summary>Every minute: make sure each conflict waiting for an operator has its orchestration (which reminds and escalates).</summary>
    [Function("ConflictWorkflows")]
    public async Task ConflictWorkflows([TimerTrigger("0 * * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var o = workflow.Value;
        await foreach (var conflict in conflictStore.ListAsync(cancellationToken))
        {
            if (conflict.Status is ConflictStatuses.Open or ConflictStatuses.Escalated)
            {
                await OrchestrationStarter.EnsureRunningAsync(durable, nameof(ConflictOrchestrator), "conflict-" + conflict.ConflictId,
                    new ConflictWaitInput(conflict.ConflictId, o.ReminderAfter, o.EscalateAfter, conflict.Status == ConflictStatuses.Escalated ? 2 : conflict.RemindedAt is null ? 0 : 1), cancellationToken);
            }
        }
    }
}
