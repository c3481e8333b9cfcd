using Beds24Sync.Contracts;
using Beds24Sync.Storage;

namespace Beds24Sync.Queues;

/// <summary>Sends JSON messages (SyncJson) to storage queues; the client Base64-encodes them.</summary>
public sealed class AzureQueuePublisher(StorageClients clients) : IQueuePublisher
{
    /// <summary>Azure Storage refuses messages over 64 KiB (48 KiB of text once Base64-encoded).</summary>
    public const int MaxMessageChars = 48 * 1024;

    private static readonly TimeSpan NeverExpires = TimeSpan.FromSeconds(-1);

    public Task SendAsync<T>(string queueName, T message, TimeSpan? visibilityDelay = null, CancellationToken cancellationToken = default) =>
        SendRawAsync(queueName, SyncJson.Serialize(message), visibilityDelay, cancellationToken);

    public async Task SendRawAsync(string queueName, string body, TimeSpan? visibilityDelay = null, CancellationToken cancellationToken = default)
    {
        if (body.Length > MaxMessageChars)
        {
            throw new InvalidOperationException($"A message for {queueName} is {body.Length} characters; queues take at most {MaxMessageChars}.");
        }

        // Never expire (-1): a message the other side has not taken yet (pms-inbound while the PMS is down for a week,
        // a dead-letter copy) must not vanish after the queue default of 7 days.
        await clients.Queue(queueName).SendMessageAsync(body, visibilityDelay, NeverExpires, cancellationToken).ConfigureAwait(false);
    }
}
