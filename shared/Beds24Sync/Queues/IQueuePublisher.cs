namespace Beds24Sync.Queues;

/// <summary>Sends messages to the storage queues of docs/ARCHITECTURE.md §3, Base64-encoded as the Functions queue trigger expects.</summary>
public interface IQueuePublisher
{
    /// <param name="visibilityDelay">Hide the message this long first (used for retry backoff by the local host).</param>
    Task SendAsync<T>(string queueName, T message, TimeSpan? visibilityDelay = null, CancellationToken cancellationToken = default);

    /// <summary>Send an already-serialised message body unchanged (dead-letter replay).</summary>
    Task SendRawAsync(string queueName, string body, TimeSpan? visibilityDelay = null, CancellationToken cancellationToken = default);
}
