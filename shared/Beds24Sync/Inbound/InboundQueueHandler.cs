using Beds24Sync.Contracts;
using Beds24Sync.Core;
using Beds24Sync.Push;
using Beds24Sync.Queues;
using Beds24Sync.Storage;
using Beds24Sync.Validation;

namespace Beds24Sync.Inbound;

/// <summary>beds24-inbound: validate the work item, then let the processor fetch and publish.</summary>
public sealed class InboundQueueHandler(ContractValidator validator, InboundProcessor processor) : IQueueMessageHandler
{
    public string QueueName => StorageNames.Queues.Beds24Inbound;

    public async Task HandleAsync(string message, int attempt, CancellationToken cancellationToken)
    {
        var errors = validator.Validate(ContractValidator.InboundWorkItem, message);
        if (errors.Count > 0)
        {
            throw SyncFailureException.Permanent("The inbound work item does not match its contract: " + string.Join("; ", errors), DeadLetterCategories.Validation);
        }

        await processor.ProcessAsync(SyncJson.Deserialize<InboundWorkItem>(message)!, cancellationToken).ConfigureAwait(false);
    }

    public Task OnDeadLetteredAsync(string message, CancellationToken cancellationToken) => Task.CompletedTask;
}
