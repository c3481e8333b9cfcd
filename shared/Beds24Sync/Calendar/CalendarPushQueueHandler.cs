using Beds24Sync.Queues;
using Beds24Sync.Storage;

namespace Beds24Sync.Calendar;

/// <summary>
/// beds24-push-calendar for the local host: intake only. The coalescing window is the flush loop's period
/// (CalendarFlushLoop): every change that arrives within it goes out in the same POST.
/// </summary>
public sealed class CalendarPushQueueHandler(CalendarPushIntake intake) : IQueueMessageHandler
{
    public string QueueName => StorageNames.Queues.PushCalendar;

    public Task HandleAsync(string message, int attempt, CancellationToken cancellationToken) => intake.AcceptAsync(message, cancellationToken);

    public Task OnDeadLetteredAsync(string message, CancellationToken cancellationToken) => Task.CompletedTask;
}
