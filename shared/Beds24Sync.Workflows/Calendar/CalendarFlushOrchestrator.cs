using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Beds24Sync.Workflows.Calendar;

/// <summary>
/// One per account (instance id <c>calendar-{account}</c>): wait out the coalescing window (a durable timer), flush
/// every pending cell in as few Beds24 calls as possible (retry 5 s, 25 s, 125 s), and go round again while changes
/// keep arriving. When every retry fails, the cells stay pending (nothing is lost): the orchestration raises the
/// alert once, waits <see cref="RetryRoundDelay"/> and tries again, and after <see cref="MaxFailedRounds"/> rounds
/// records a dead letter and stops; the next calendar message starts it again.
/// </summary>
public static class CalendarFlushOrchestrator
{
    public static readonly TimeSpan CoalescingWindow = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan RetryRoundDelay = TimeSpan.FromMinutes(5);
    public const int MaxFailedRounds = 12;

    public static async Task RunAsync(TaskOrchestrationContext context)
    {
        var input = context.GetInput<CalendarFlushInput>()!;
        var logger = context.CreateReplaySafeLogger(WorkflowNames.CalendarFlushOrchestrator);
        var wait = input.FailedRounds == 0 ? input.Window ?? CoalescingWindow : input.RoundDelay ?? RetryRoundDelay;
        await context.CreateTimer(context.CurrentUtcDateTime.Add(wait), CancellationToken.None);
        int flushed;
        try
        {
            flushed = await context.CallActivityAsync<int>(WorkflowNames.FlushCalendar, input.AccountId, (input.Retry ?? RetrySchedule.Default).ToTaskOptions());
        }
        catch (TaskFailedException ex)
        {
            var rounds = input.FailedRounds + 1;
            logger.LogWarning("Calendar flush of {AccountId} failed after every retry (round {Round})", input.AccountId, rounds);
            await context.CallActivityAsync(WorkflowNames.ReportCalendarFlushFailure,
                new CalendarFlushFailure(input.AccountId, rounds, ex.FailureDetails.ErrorMessage, GiveUp: rounds >= MaxFailedRounds));
            if (rounds < MaxFailedRounds)
            {
                context.ContinueAsNew(input with { FailedRounds = rounds });
            }

            return;
        }

        if (flushed > 0)
        {
            context.ContinueAsNew(input with { FailedRounds = 0 });
        }
    }
}

/// <summary>Input of the calendar flush orchestration: the account, and how many rounds in a row failed.</summary>
/// <param name="RoundDelay">Wait between failed rounds (default <see cref="CalendarFlushOrchestrator.RetryRoundDelay"/>).</param>
/// <param name="Window">The coalescing window before a flush (default <see cref="CalendarFlushOrchestrator.CoalescingWindow"/>).</param>
public sealed record CalendarFlushInput(string AccountId, int FailedRounds = 0, RetrySchedule? Retry = null, TimeSpan? RoundDelay = null, TimeSpan? Window = null)
{
    /// <summary>The input a host starts an account's flush with, timings from <paramref name="options"/>.</summary>
    public static CalendarFlushInput For(string accountId, WorkflowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(accountId, 0, options.Retry, options.CalendarRetryRoundDelay, options.CalendarCoalescingWindow);
    }

    public string InstanceId => "calendar-" + AccountId;
}

public sealed record CalendarFlushFailure(string AccountId, int Round, string Reason, bool GiveUp);
