using Beds24Sync.Calendar;
using Beds24Sync.DeadLetters;
using Beds24Sync.Inbound;
using Beds24Sync.Push;
using Beds24Sync.Queues;
using Beds24Sync.Storage;
using Beds24Sync.Workflows;
using Beds24Sync.Workflows.Hosting;
using Cronos;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Host;

/// <summary>
/// The local host's queue triggers: one poller per queue, each calling the handler the Functions queue trigger calls
/// (the workflow start handlers for the push queues, the inbound handler), under the same failure policy
/// (<see cref="QueueMessageProcessor"/>: retry by visibility, then dead letter with the reason).
/// </summary>
internal sealed class QueueWorkersService(IServiceProvider services, DurableTaskClient durable, IOptions<WorkflowOptions> workflows, IOptions<LocalHostOptions> options) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IQueueMessageHandler[] handlers =
        [
            new BookingPushStartHandler(services.GetRequiredService<BookingPushIntake>(), durable, workflows.Value),
            new CalendarFlushStartHandler(services.GetRequiredService<CalendarPushIntake>(), durable, workflows.Value),
            services.GetRequiredService<InboundQueueHandler>(),
        ];
        return Task.WhenAll(handlers.Select(handler =>
            new QueueWorker(services.GetRequiredService<StorageClients>(), handler, services.GetRequiredService<IDeadLetterStore>(),
                services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<QueueWorker>>(), parallelism: options.Value.QueueParallelism)
                .RunAsync(options.Value.QueueIdleDelay, stoppingToken)));
    }
}

/// <summary>The local host's timer triggers: every job of <see cref="ScheduledJobs"/> on its configured cron (<see cref="ScheduleOptions"/>), as the Functions app runs them.</summary>
internal sealed partial class ScheduleRunner(ScheduledWork work, DurableTaskClient durable, IOptions<ScheduleOptions> schedules, TimeProvider time, ILogger<ScheduleRunner> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ScheduledJobs.All.Select(job => RunOnScheduleAsync(job, stoppingToken)));

    private async Task RunOnScheduleAsync(ScheduledJob job, CancellationToken stoppingToken)
    {
        var schedule = CronExpression.Parse(schedules.Value.CronOf(job), CronFormat.IncludeSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var next = schedule.GetNextOccurrence(now, TimeZoneInfo.Utc) ?? now.AddMinutes(5);
            await Task.Delay(next - now, time, stoppingToken).ConfigureAwait(false);
            try
            {
                await job.RunAsync(work, durable, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // As a failed timer function: logged, and the job runs again at its next occurrence.
                LogFailed(logger, job.Name, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer '{Job}' failed; it runs again at its next occurrence")]
    private static partial void LogFailed(ILogger logger, string job, Exception exception);
}
