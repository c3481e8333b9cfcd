using Beds24Sync.Push;
using Beds24Sync.Queues;
using Beds24Sync.Storage;
using Beds24Sync.Workflows;
using Beds24Sync.Workflows.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Beds24Functions.Queues;

/// <summary>beds24-push-bookings: the shared start handler (<see cref="BookingPushStartHandler"/>) under the shared failure policy.</summary>
public sealed class BookingPushQueueFunction(BookingPushIntake intake, QueueMessageProcessor processor, IOptions<WorkflowOptions> options)
{
    [Function(nameof(BookingPushQueueFunction))]
    public async Task Run([QueueTrigger(StorageNames.Queues.PushBookings)] Azure.Storage.Queues.Models.QueueMessage message, [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        var handler = new BookingPushStartHandler(intake, durable, options.Value);
        if (await processor.ProcessAsync(handler, message.Body.ToString(), (int)message.DequeueCount, message.MessageId, cancellationToken) is { } retryAfter)
        {
            throw new RetryLaterException(message.MessageId, retryAfter);
        }
    }
}
