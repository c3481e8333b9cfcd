using Beds24Sync.Accounts;
using Beds24Sync.Calendar;
using Beds24Sync.DeadLetters;
using Beds24Sync.Pull;
using Beds24Sync.Queues;
using Beds24Sync.Storage;
using Cronos;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Host;

/// <summary>One QueueWorker per queue handler (retries by visibility delay 5/25/125 s, then dead letter).</summary>
internal sealed class QueueWorkersService(IServiceProvider services, IEnumerable<IQueueMessageHandler> handlers, IOptions<LocalHostOptions> options) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(handlers.Select(handler =>
        new QueueWorker(services.GetRequiredService<StorageClients>(), handler, services.GetRequiredService<IDeadLetterStore>(),
            services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<QueueWorker>>(), parallelism: options.Value.QueueParallelism)
            .RunAsync(options.Value.QueueIdleDelay, stoppingToken)));
}

/// <summary>Flushes each account's pending calendar cells every coalescing window.</summary>
internal sealed partial class CalendarFlushLoop(IAccountStore accounts, CalendarFlushService flush, IOptions<LocalHostOptions> options, TimeProvider time,
    ILogger<CalendarFlushLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(options.Value.CalendarFlushInterval, time, stoppingToken).ConfigureAwait(false);
            try
            {
                await foreach (var account in accounts.ListAsync(stoppingToken).ConfigureAwait(false))
                {
                    await flush.FlushAsync(account.AccountId, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Cells stay unsent and go out with the next flush.
                LogFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Calendar flush failed; retrying next window")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

/// <summary>The two schedules of the Functions app, as cron loops: incremental pull every 5 minutes, full pull at 03:00.</summary>
internal sealed partial class PullScheduler(IAccountStore accounts, IncrementalPullService incremental, FullPullService full, IOptions<PullOptions> options,
    TimeProvider time, ILogger<PullScheduler> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(
        RunOnScheduleAsync(options.Value.IncrementalSchedule, async ct =>
        {
            await foreach (var account in accounts.ListAsync(ct).ConfigureAwait(false))
            {
                await incremental.RunAsync(account.AccountId, ct).ConfigureAwait(false);
            }
        }, stoppingToken),
        RunOnScheduleAsync(options.Value.FullSchedule, async ct =>
        {
            await foreach (var account in accounts.ListAsync(ct).ConfigureAwait(false))
            {
                foreach (var property in account.PropertyIds)
                {
                    await full.ReconcilePropertyAsync(account.AccountId, property, ct).ConfigureAwait(false);
                }
            }
        }, stoppingToken));

    private async Task RunOnScheduleAsync(string cron, Func<CancellationToken, Task> work, CancellationToken stoppingToken)
    {
        var schedule = CronExpression.Parse(cron, CronFormat.IncludeSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var next = schedule.GetNextOccurrence(now, TimeZoneInfo.Utc) ?? now.AddMinutes(5);
            await Task.Delay(next - now, time, stoppingToken).ConfigureAwait(false);
            try
            {
                await work(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, cron, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled work '{Cron}' failed; it runs again at the next occurrence")]
    private static partial void LogFailed(ILogger logger, string cron, Exception exception);
}

/// <summary>Reminds and escalates conflicts waiting for an operator (every minute here; a timer function in Azure).</summary>
internal sealed partial class ConflictSweepLoop(Beds24Sync.Conflicts.ConflictTimeoutSweeper sweeper, TimeProvider time, ILogger<ConflictSweepLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMinutes(1), time, stoppingToken).ConfigureAwait(false);
            try
            {
                await sweeper.RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conflict sweep failed; retrying in a minute")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

/// <summary>Evaluates the app's alert rules every minute and notifies what fires or clears.</summary>
internal sealed partial class AlertLoop(Beds24Sync.Operations.StatusService status, Beds24Sync.Alerts.AlertEvaluator evaluator, Beds24Sync.Alerts.IAlertNotifier notifier,
    TimeProvider time, ILogger<AlertLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMinutes(1), time, stoppingToken).ConfigureAwait(false);
            try
            {
                await status.EvaluateAlertsAsync(evaluator, notifier, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert evaluation failed; retrying in a minute")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

/// <summary>Every 10 minutes: re-queue PMS changes left pending on a booking link (a safety net; normally none).</summary>
internal sealed partial class PendingPushSweepLoop(Beds24Sync.Push.PendingPushSweeper sweeper, TimeProvider time, ILogger<PendingPushSweepLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMinutes(10), time, stoppingToken).ConfigureAwait(false);
            try
            {
                await sweeper.RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pending push sweep failed; retrying in 10 minutes")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
