using Beds24Sync.Alerts;
using Beds24Sync.Conflicts;
using Beds24Sync.Operations;
using Beds24Sync.Workflows;
using Beds24Sync.Workflows.Conflicts;
using Beds24Sync.Workflows.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Beds24Functions.Timers;

/// <summary>The app's own alert rules, and a workflow for every conflict that waits for an operator.</summary>
public sealed class OperationsTimers(StatusService status, AlertEvaluator evaluator, IAlertNotifier notifier, IConflictStore conflicts, IOptions<ConflictWorkflowOptions> workflow)
{
    /// <summary>
    /// Every minute: evaluate the four rules on this instance's figures (raised once, cleared once) and refresh the
    /// queue/credit gauges. Azure Monitor evaluates the same rules across all instances (infra/modules/alerts.bicep).
    /// </summary>
    [Function("EvaluateAlerts")]
    public Task EvaluateAlerts([TimerTrigger("30 * * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        status.EvaluateAlertsAsync(evaluator, notifier, cancellationToken);

    /// <summary>Every minute: each open or escalated conflict has its orchestration (which reminds, then escalates).</summary>
    [Function("ConflictWorkflows")]
    public async Task ConflictWorkflows([TimerTrigger("0 * * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var o = workflow.Value;
        await foreach (var conflict in conflicts.ListAsync(cancellationToken))
        {
            if (conflict.Status is ConflictStatuses.Open or ConflictStatuses.Escalated)
            {
                var stage = conflict.Status == ConflictStatuses.Escalated ? 2 : conflict.RemindedAt is null ? 0 : 1;
                var input = new ConflictWaitInput(conflict.ConflictId, o.ReminderAfter, o.EscalateAfter, stage);
                await OrchestrationStarter.EnsureRunningAsync(durable, WorkflowNames.ConflictOrchestrator, input.InstanceId, input, cancellationToken);
            }
        }
    }
}
