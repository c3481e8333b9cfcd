using Azure.Storage.Queues.Models;
using Beds24Sync.Inbound;
using Beds24Sync.Queues;
using Microsoft.Azure.Functions.Worker;

namespace Beds24Functions.Queues;

/// <summary>beds24-inbound → InboundProcessor. Transient failures are retried by the queue (host.json visibilityTimeout); the last attempt or a permanent failure is dead-lettered with its reason.</summary>
public sealed class InboundQueueFunction(InboundQueueHandler handler, QueueMessageProcessor processor)
{
    [Function(nameof(InboundQueueFunction))]
    public async Task Run([QueueTrigger("beds24-inbound")] QueueMessage message, CancellationToken cancellationToken)
    {
        if (await processor.ProcessAsync(handler, message.Body.ToString(), (int)message.DequeueCount, message.MessageId, cancellationToken) is { } retryAfter)
        {
            throw new RetryLaterException(message.MessageId, retryAfter);
        }
    }
}
