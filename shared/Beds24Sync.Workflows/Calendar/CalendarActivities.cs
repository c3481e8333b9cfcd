using Beds24Sync.Alerts;
using Beds24Sync.Calendar;
using Beds24Sync.Contracts;
using Beds24Sync.Core;
using Beds24Sync.DeadLetters;

namespace Beds24Sync.Workflows.Calendar;

/// <summary>The calendar flush orchestration's activities.</summary>
public sealed class CalendarActivities(CalendarFlushService flush, IDeadLetterStore deadLetters, IAlertNotifier alerts, TimeProvider time)
{
    /// <returns>Cells sent (0 when nothing was pending: the orchestration ends). Transient failures throw and are retried.</returns>
    public async Task<int> FlushCalendarAsync(string accountId, CancellationToken cancellationToken) =>
        (await flush.FlushAsync(accountId, cancellationToken)).Cells;

    /// <summary>First failed round: alert. Last round: a dead letter with the reason (its cells stay pending for the next flush).</summary>
    public async Task ReportCalendarFlushFailureAsync(CalendarFlushFailure failure, CancellationToken cancellationToken)
    {
        if (failure.GiveUp)
        {
            await deadLetters.AddAsync(new DeadLetterMessage
            {
                MessageId = $"calendar-flush-{failure.AccountId}-{time.GetUtcNow().ToUnixTimeSeconds()}",
                Source = CalendarFlushService.DeadLetterSource,
                Category = DeadLetterCategories.Exhausted,
                Reason = $"Calendar flush failed {failure.Round} rounds in a row: {failure.Reason}. The cells are still pending; the next calendar message flushes them.",
                Attempts = failure.Round * Beds24Sync.Core.SyncRetryPolicy.MaxAttempts,
                AccountId = failure.AccountId,
                Subject = "calendar",
                OriginalMessage = $$"""{"accountId":"{{failure.AccountId}}"}""",
                DeadLetteredAt = time.GetUtcNow(),
            }, cancellationToken);
        }
        else if (failure.Round == 1)
        {
            await alerts.NotifyAsync(new AlertEvent("calendar-flush", "error",
                $"Calendar push to Beds24 failed after every retry: {failure.Reason}. Retrying every few minutes; nothing is lost.", time.GetUtcNow(), failure.AccountId),
                cancellationToken);
        }
    }
}
