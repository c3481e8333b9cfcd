namespace Beds24Sync.Workflows.Hosting;

/// <summary>
/// Every timer of the product, by name and cron (six fields, UTC). The Functions app has one [TimerTrigger] per job
/// with these constants; the local host runs the same table; a test checks both agree. Each job's work is one
/// method of <see cref="ScheduledWork"/>.
/// </summary>
public static class ScheduledJobs
{
    public const string IncrementalPull = "0 */5 * * * *";
    public const string NightlyFullPull = "0 0 3 * * *";
    public const string EvaluateAlerts = "30 * * * * *";
    public const string ConflictWorkflows = "0 * * * * *";
    public const string PoisonQueueDrain = "45 */5 * * * *";
    public const string PendingPushSweep = "0 */10 * * * *";
    public const string CalendarSweep = "15 */5 * * * *";
    public const string PurgeWebhookEvents = "0 20 2 * * *";
    public const string PurgeDurableHistory = "0 40 2 * * *";

    /// <summary>The jobs as a table: (name, cron, work).</summary>
    public static IReadOnlyList<ScheduledJob> All { get; } =
    [
        new(nameof(IncrementalPull), IncrementalPull, (work, _, ct) => work.IncrementalPullAsync(ct)),
        new(nameof(NightlyFullPull), NightlyFullPull, (work, durable, ct) => work.StartNightlyFullPullAsync(durable, ct)),
        new(nameof(EvaluateAlerts), EvaluateAlerts, (work, _, ct) => work.EvaluateAlertsAsync(ct)),
        new(nameof(ConflictWorkflows), ConflictWorkflows, (work, durable, ct) => work.EnsureConflictWorkflowsAsync(durable, ct)),
        new(nameof(PoisonQueueDrain), PoisonQueueDrain, (work, _, ct) => work.DrainPoisonQueuesAsync(ct)),
        new(nameof(PendingPushSweep), PendingPushSweep, (work, _, ct) => work.SweepPendingPushesAsync(ct)),
        new(nameof(CalendarSweep), CalendarSweep, (work, durable, ct) => work.EnsureCalendarFlushesAsync(durable, ct)),
        new(nameof(PurgeWebhookEvents), PurgeWebhookEvents, (work, _, ct) => work.PurgeWebhookEventsAsync(ct)),
        new(nameof(PurgeDurableHistory), PurgeDurableHistory, (work, durable, ct) => work.PurgeDurableHistoryAsync(durable, ct)),
    ];
}

/// <summary>One timer: its function name, its cron and what it does.</summary>
public sealed record ScheduledJob(string Name, string Cron, Func<ScheduledWork, Microsoft.DurableTask.Client.DurableTaskClient, CancellationToken, Task> RunAsync);
