using Beds24Sync.Calendar;
using Beds24Sync.Queues;
using Beds24Sync.Storage;
using Beds24Sync.Workflows;
using Beds24Sync.Workflows.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Beds24Functions.Queues;

/// <summary>beds24-push-calendar: the shared start handler (<see cref="CalendarFlushStartHandler"/>) under the shared failure policy.</summary>
public sealed class CalendarPushQueueFunction(CalendarPushIntake intake, QueueMessageProcessor processor, IOptions<WorkflowOptions> options)
{
    [Function(nameof(CalendarPushQueueFunction))]
    public async Task Run([QueueTrigger(StorageNames.Queues.PushCalendar)] Azure.Storage.Queues.Models.QueueMessage message, [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        var handler = new CalendarFlushStartHandler(intake, durable, options.Value);
        if (await processor.ProcessAsync(handler, message.Body.ToString(), (int)message.DequeueCount, message.MessageId, cancellationToken) is { } retryAfter)
        {
            throw new RetryLaterException(message.MessageId, retryAfter);
        }
    }
}
