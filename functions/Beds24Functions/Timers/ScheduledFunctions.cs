using Beds24Sync.Workflows.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Beds24Functions.Timers;

/// <summary>
/// The product's timers (<see cref="ScheduledJobs"/>): one [TimerTrigger] per job, each a call into the shared
/// <see cref="ScheduledWork"/> that the local host runs on the same schedule.
/// </summary>
public sealed class ScheduledFunctions(ScheduledWork work)
{
    [Function(nameof(ScheduledJobs.IncrementalPull))]
    public Task IncrementalPull([TimerTrigger(ScheduledJobs.IncrementalPull)] TimerInfo timer, CancellationToken cancellationToken) =>
        work.IncrementalPullAsync(cancellationToken);

    [Function(nameof(ScheduledJobs.NightlyFullPull))]
    public Task NightlyFullPull([TimerTrigger(ScheduledJobs.NightlyFullPull)] TimerInfo timer, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        work.StartNightlyFullPullAsync(durable, cancellationToken);

    /// <summary>Azure Monitor evaluates the same rules across all instances (infra/modules/alerts.bicep).</summary>
    [Function(nameof(ScheduledJobs.EvaluateAlerts))]
    public Task EvaluateAlerts([TimerTrigger(ScheduledJobs.EvaluateAlerts)] TimerInfo timer, CancellationToken cancellationToken) =>
        work.EvaluateAlertsAsync(cancellationToken);

    [Function(nameof(ScheduledJobs.ConflictWorkflows))]
    public Task ConflictWorkflows([TimerTrigger(ScheduledJobs.ConflictWorkflows)] TimerInfo timer, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        work.EnsureConflictWorkflowsAsync(durable, cancellationToken);

    [Function(nameof(ScheduledJobs.PoisonQueueDrain))]
    public Task PoisonQueueDrain([TimerTrigger(ScheduledJobs.PoisonQueueDrain)] TimerInfo timer, CancellationToken cancellationToken) =>
        work.DrainPoisonQueuesAsync(cancellationToken);

    [Function(nameof(ScheduledJobs.PendingPushSweep))]
    public Task PendingPushSweep([TimerTrigger(ScheduledJobs.PendingPushSweep)] TimerInfo timer, CancellationToken cancellationToken) =>
        work.SweepPendingPushesAsync(cancellationToken);

    [Function(nameof(ScheduledJobs.CalendarSweep))]
    public Task CalendarSweep([TimerTrigger(ScheduledJobs.CalendarSweep)] TimerInfo timer, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        work.EnsureCalendarFlushesAsync(durable, cancellationToken);

    [Function(nameof(ScheduledJobs.PurgeWebhookEvents))]
    public async Task PurgeWebhookEvents([TimerTrigger(ScheduledJobs.PurgeWebhookEvents)] TimerInfo timer, CancellationToken cancellationToken) =>
        await work.PurgeWebhookEventsAsync(cancellationToken);

    [Function(nameof(ScheduledJobs.PurgeDurableHistory))]
    public async Task PurgeDurableHistory([TimerTrigger(ScheduledJobs.PurgeDurableHistory)] TimerInfo timer, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        await work.PurgeDurableHistoryAsync(durable, cancellationToken);
}
