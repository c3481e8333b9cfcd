namespace Beds24Sync.Workflows.Hosting;

/// <summary>
/// Every timer of the product: its name, the app setting that holds its cron (six fields, UTC) and the cron used
/// when that setting is absent. The Functions app has one [TimerTrigger] per job bound to the setting (a
/// <c>%…%</c> expression, so Azure runs what the settings say); the local host reads the same settings through
/// <see cref="ScheduleOptions"/>; tests check the table, the triggers, the sample settings and the Bicep agree.
/// Each job's work is one method of <see cref="ScheduledWork"/>.
/// </summary>
public static class ScheduledJobs
{
    /// <summary>
    /// Setting names are flat (no <c>:</c> or <c>__</c>): the Functions host resolves binding expressions by plain
    /// app-setting name, and nested names in <c>%…%</c> are reported not to resolve on Linux plans.
    /// </summary>
    public const string SettingPrefix = "Schedule_";

    /// <summary>The [TimerTrigger] expressions: each names its job's setting.</summary>
    public static class Bindings
    {
        public const string IncrementalPull = "%" + SettingPrefix + nameof(IncrementalPull) + "%";
        public const string NightlyFullPull = "%" + SettingPrefix + nameof(NightlyFullPull) + "%";
        public const string EvaluateAlerts = "%" + SettingPrefix + nameof(EvaluateAlerts) + "%";
        public const string ConflictWorkflows = "%" + SettingPrefix + nameof(ConflictWorkflows) + "%";
        public const string PoisonQueueDrain = "%" + SettingPrefix + nameof(PoisonQueueDrain) + "%";
        public const string PendingPushSweep = "%" + SettingPrefix + nameof(PendingPushSweep) + "%";
        public const string CalendarSweep = "%" + SettingPrefix + nameof(CalendarSweep) + "%";
        public const string PurgeWebhookEvents = "%" + SettingPrefix + nameof(PurgeWebhookEvents) + "%";
        public const string PurgeDurableHistory = "%" + SettingPrefix + nameof(PurgeDurableHistory) + "%";
        public const string CheckBookingWebhooks = "%" + SettingPrefix + nameof(CheckBookingWebhooks) + "%";
    }

    /// <summary>The jobs as a table: (name, default cron, work).</summary>
    public static IReadOnlyList<ScheduledJob> All { get; } =
    [
        new(nameof(Bindings.IncrementalPull), "0 */5 * * * *", (work, _, ct) => work.IncrementalPullAsync(ct)),
        new(nameof(Bindings.NightlyFullPull), "0 0 3 * * *", (work, durable, ct) => work.StartNightlyFullPullAsync(durable, ct)),
        new(nameof(Bindings.EvaluateAlerts), "30 * * * * *", (work, _, ct) => work.EvaluateAlertsAsync(ct)),
        new(nameof(Bindings.ConflictWorkflows), "0 * * * * *", (work, durable, ct) => work.EnsureConflictWorkflowsAsync(durable, ct)),
        new(nameof(Bindings.PoisonQueueDrain), "45 */5 * * * *", (work, _, ct) => work.DrainPoisonQueuesAsync(ct)),
        new(nameof(Bindings.PendingPushSweep), "0 */10 * * * *", (work, _, ct) => work.SweepPendingPushesAsync(ct)),
        new(nameof(Bindings.CalendarSweep), "15 */5 * * * *", (work, durable, ct) => work.EnsureCalendarFlushesAsync(durable, ct)),
        new(nameof(Bindings.PurgeWebhookEvents), "0 20 2 * * *", (work, _, ct) => work.PurgeWebhookEventsAsync(ct)),
        new(nameof(Bindings.PurgeDurableHistory), "0 40 2 * * *", (work, durable, ct) => work.PurgeDurableHistoryAsync(durable, ct)),
        new(nameof(Bindings.CheckBookingWebhooks), "0 50 2 * * *", (work, _, ct) => work.CheckBookingWebhooksAsync(ct)),
    ];
}

/// <summary>One timer: its function name, its default cron and what it does.</summary>
public sealed record ScheduledJob(string Name, string DefaultCron, Func<ScheduledWork, Microsoft.DurableTask.Client.DurableTaskClient, CancellationToken, Task> RunAsync)
{
    /// <summary>The app setting holding this job's cron.</summary>
    public string Setting => ScheduledJobs.SettingPrefix + Name;

    /// <summary>The [TimerTrigger] expression naming <see cref="Setting"/>.</summary>
    public string Binding => "%" + Setting + "%";
}
