using Beds24Sync.Calendar;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Beds24Functions.Orchestrations;

/// <summary>
/// One per account: wait out the coalescing window (a durable timer), flush every pending cell in as few Beds24 calls
/// as possible (same retry policy), and go round again while changes keep arriving.
/// </summary>
public static class CalendarFlushOrchestrator
{
    public static readonly TimeSpan CoalescingWindow = TimeSpan.FromSeconds(5);

    [Function(nameof(CalendarFlushOrchestrator))]
    public static async Task Run([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var accountId = context.GetInput<string>()!;
        await context.CreateTimer(context.CurrentUtcDateTime.Add(CoalescingWindow), CancellationToken.None);
        var flushed = await context.CallActivityAsync<int>(nameof(CalendarActivities.FlushCalendar), accountId, BookingPushOrchestrator.Retry);
        if (flushed > 0)
        {
            context.ContinueAsNew(accountId);
        }
    }
}

public sealed class CalendarActivities(CalendarFlushService flush)
{
    /// <returns>Cells sent (0 when nothing was pending: the orchestration ends).</returns>
    [Function(nameof(FlushCalendar))]
    public async Task<int> FlushCalendar([ActivityTrigger] string accountId, CancellationToken cancellationToken) =>
        (await flush.FlushAsync(accountId, cancellationToken)).Cells;
}
