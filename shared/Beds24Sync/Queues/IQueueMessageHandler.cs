using Beds24Sync.Core;
namespace Beds24Sync.Queues;

/// <summary>Processes one message of one queue. Throw <see cref="Beds24Sync.Core.SyncFailureException"/> (or any exception) to fail it.</summary>
public interface IQueueMessageHandler
{
    string QueueName { get; }

    /// <param name="attempt">1 for the first delivery, counting redeliveries.</param>
    Task HandleAsync(string message, int attempt, CancellationToken cancellationToken);

    /// <summary>Called after the message was dead-lettered, to release anything it held (e.g. a pending push).</summary>
    Task OnDeadLetteredAsync(string message, CancellationToken cancellationToken);
}
