using Beds24Sync.Workflows.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Beds24Functions.Timers;

/// <summary>
/// The product's timers (<see cref="ScheduledJobs"/>): one [TimerTrigger] per job, its cron read from the job's
/// <c>Schedule_&lt;Job&gt;</c> app setting, each a call into the shared <see cref="ScheduledWork"/> that the local
/// host runs on the same settings.
/// </summary>
public sealed class ScheduledFunctions(ScheduledWork work)
{
    [Function(nameof(ScheduledJobs.Bindings.IncrementalPull))]
    public Task IncrementalPull([TimerTrigger(ScheduledJobs.Bindings.IncrementalPull)] TimerInfo timer, CancellationToken cancellationToken) =>
        work.IncrementalPullAsync(cancellationToken);

    [Function(nameof(ScheduledJobs.Bindings.NightlyFullPull))]
    public Task NightlyFullPull([TimerTrigger(ScheduledJobs.Bindings.NightlyFullPull)] TimerInfo timer, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        work.StartNightlyFullPullAsync(durable, cancellationToken);

    /// <summary>Azure Monitor evaluates the same rules across all instances (infra/modules/alerts.bicep).</summary>
    [Function(nameof(ScheduledJobs.Bindings.EvaluateAlerts))]
    public Task EvaluateAlerts([TimerTrigger(ScheduledJobs.Bindings.EvaluateAlerts)] TimerInfo timer, CancellationToken cancellationToken) =>
        work.EvaluateAlertsAsync(cancellationToken);

    [Function(nameof(ScheduledJobs.Bindings.ConflictWorkflows))]
    public Task ConflictWorkflows([TimerTrigger(ScheduledJobs.Bindings.ConflictWorkflows)] TimerInfo timer, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        work.EnsureConflictWorkflowsAsync(durable, cancellationToken);

    [Function(nameof(ScheduledJobs.Bindings.PoisonQueueDrain))]
    public Task PoisonQueueDrain([TimerTrigger(ScheduledJobs.Bindings.PoisonQueueDrain)] TimerInfo timer, CancellationToken cancellationToken) =>
        work.DrainPoisonQueuesAsync(cancellationToken);

    [Function(nameof(ScheduledJobs.Bindings.PendingPushSweep))]
    public Task PendingPushSweep([TimerTrigger(ScheduledJobs.Bindings.PendingPushSweep)] TimerInfo timer, CancellationToken cancellationToken) =>
        work.SweepPendingPushesAsync(cancellationToken);

    [Function(nameof(ScheduledJobs.Bindings.CalendarSweep))]
    public Task CalendarSweep([TimerTrigger(ScheduledJobs.Bindings.CalendarSweep)] TimerInfo timer, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        work.EnsureCalendarFlushesAsync(durable, cancellationToken);

    [Function(nameof(ScheduledJobs.Bindings.PurgeWebhookEvents))]
    public async Task PurgeWebhookEvents([TimerTrigger(ScheduledJobs.Bindings.PurgeWebhookEvents)] TimerInfo timer, CancellationToken cancellationToken) =>
        await work.PurgeWebhookEventsAsync(cancellationToken);

    [Function(nameof(ScheduledJobs.Bindings.PurgeDurableHistory))]
    public async Task PurgeDurableHistory([TimerTrigger(ScheduledJobs.Bindings.PurgeDurableHistory)] TimerInfo timer, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        await work.PurgeDurableHistoryAsync(durable, cancellationToken);

    [Function(nameof(ScheduledJobs.Bindings.CheckBookingWebhooks))]
    public async Task CheckBookingWebhooks([TimerTrigger(ScheduledJobs.Bindings.CheckBookingWebhooks)] TimerInfo timer, CancellationToken cancellationToken) =>
        await work.CheckBookingWebhooksAsync(cancellationToken);
}
