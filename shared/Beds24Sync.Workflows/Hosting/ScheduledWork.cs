using Beds24Sync.Accounts;
using Beds24Sync.Alerts;
using Beds24Sync.Conflicts;
using Beds24Sync.DeadLetters;
using Beds24Sync.Operations;
using Beds24Sync.Pull;
using Beds24Sync.Push;
using Beds24Sync.Webhooks;
using Beds24Sync.Workflows.Calendar;
using Beds24Sync.Workflows.Conflicts;
using Beds24Sync.Workflows.Pull;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Workflows.Hosting;

/// <summary>What each timer of <see cref="ScheduledJobs"/> does, the same in every host. Disabled accounts are skipped everywhere.</summary>
public sealed class ScheduledWork(IAccountStore accounts, IncrementalPullService incremental, StatusService status, AlertEvaluator evaluator, IAlertNotifier notifier,
    IConflictStore conflicts, IOptions<ConflictWorkflowOptions> conflictOptions, IOptions<WorkflowOptions> workflowOptions, PoisonQueueDrainer poison,
    PendingPushSweeper pendingPushes, IWebhookEventStore webhookEvents, BookingWebhookSettingsCheck webhookSettings, TimeProvider time)
{
    /// <summary>Accounts one after another; the cursor lease makes an overlapping run (another instance, the CLI) harmless.</summary>
    public async Task IncrementalPullAsync(CancellationToken cancellationToken)
    {
        await foreach (var account in accounts.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (account.Enabled)
            {
                await incremental.RunAsync(account.AccountId, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One orchestration per night (instance id by date), so a re-fired timer does not start a second one.</summary>
    public Task StartNightlyFullPullAsync(DurableTaskClient durable, CancellationToken cancellationToken) =>
        OrchestrationStarter.EnsureRunningAsync(durable, WorkflowNames.FullPullOrchestrator, FullPullInput.NightlyInstanceId(time.GetUtcNow()),
            new FullPullInput(workflowOptions.Value.Retry), cancellationToken);

    /// <summary>The app's own alert rules on this instance's figures (raised once, cleared once).</summary>
    public async Task EvaluateAlertsAsync(CancellationToken cancellationToken)
    {
        var reading = await status.GetAsync(cancellationToken).ConfigureAwait(false);
        foreach (var alert in evaluator.Evaluate(reading.Rolling, reading.QueueDepths))
        {
            await notifier.NotifyAsync(alert, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Each open or escalated conflict has its orchestration (which reminds, escalates, and applies a decision event).</summary>
    public async Task EnsureConflictWorkflowsAsync(DurableTaskClient durable, CancellationToken cancellationToken)
    {
        await foreach (var conflict in conflicts.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (conflict.Status is ConflictStatuses.Open or ConflictStatuses.Escalated)
            {
                var input = ConflictWaitInput.For(conflict, conflictOptions.Value);
                await OrchestrationStarter.EnsureRunningAsync(durable, WorkflowNames.ConflictOrchestrator, input.InstanceId, input, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>What a host moved to a *-poison queue goes to the dead-letter store with its reason.</summary>
    public Task DrainPoisonQueuesAsync(CancellationToken cancellationToken) => poison.DrainAsync(cancellationToken);

    /// <summary>Re-queue PMS booking changes left pending on a booking link.</summary>
    public Task SweepPendingPushesAsync(CancellationToken cancellationToken) => pendingPushes.RunOnceAsync(cancellationToken);

    /// <summary>
    /// Each enabled account's calendar flush runs (for a change that landed just as a flush was finishing; with
    /// nothing pending a flush costs one table read and no Beds24 call).
    /// </summary>
    public async Task EnsureCalendarFlushesAsync(DurableTaskClient durable, CancellationToken cancellationToken)
    {
        await foreach (var account in accounts.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (account.Enabled)
            {
                var input = CalendarFlushInput.For(account.AccountId, workflowOptions.Value);
                await OrchestrationStarter.EnsureRunningAsync(durable, WorkflowNames.CalendarFlushOrchestrator, input.InstanceId, input, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Daily: webhook idempotency keys past their retention are deleted, so WebhookEvents stays bounded.</summary>
    public Task<int> PurgeWebhookEventsAsync(CancellationToken cancellationToken) => webhookEvents.PurgeExpiredAsync(cancellationToken);

    /// <summary>Daily: each property's booking webhook as Beds24 has it; card data, no secret or no webhook is an alert.</summary>
    public Task<int> CheckBookingWebhooksAsync(CancellationToken cancellationToken) => webhookSettings.RunAsync(cancellationToken);

    /// <summary>Finished orchestrations past <see cref="WorkflowOptions.HistoryRetention"/> leave the task hub.</summary>
    public Task<int> PurgeDurableHistoryAsync(DurableTaskClient durable, CancellationToken cancellationToken) =>
        DurableHistoryPurge.PurgeAsync(durable, workflowOptions.Value.HistoryRetention, time, cancellationToken);
}
