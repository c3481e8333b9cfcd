using System.Collections.Concurrent;
using Beds24Sync.Contracts;
using Beds24Sync.Queues;

namespace Beds24.Testing;

/// <summary>
/// The one recording queue publisher of the tests: keeps what was sent per queue, as the message and as the JSON the
/// real publisher would write; <see cref="FailNext"/> makes the next sends throw like a storage outage.
/// </summary>
public sealed class RecordingQueuePublisher : IQueuePublisher
{
    private int _failures;

    public ConcurrentQueue<(string Queue, object Message, string Body)> Sent { get; } = new();

    public void FailNext(int count) => _failures = count;

    public IReadOnlyList<BookingChangedMessage> PmsMessages => On<BookingChangedMessage>(Beds24Sync.Storage.StorageNames.Queues.PmsInbound);

    /// <summary>What was sent to <paramref name="queueName"/>, read back from its JSON.</summary>
    public IReadOnlyList<T> On<T>(string queueName) => [.. Sent.Where(s => s.Queue == queueName).Select(s => s.Message is T typed ? typed : SyncJson.Deserialize<T>(s.Body)!)];

    public async Task SendAsync<T>(string queueName, T message, TimeSpan? visibilityDelay = null, CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        if (Interlocked.Decrement(ref _failures) >= 0)
        {
            throw new Azure.RequestFailedException(503, "queue unavailable");
        }

        Sent.Enqueue((queueName, message!, SyncJson.Serialize(message)));
    }

    public Task SendRawAsync(string queueName, string body, TimeSpan? visibilityDelay = null, CancellationToken cancellationToken = default)
    {
        Sent.Enqueue((queueName, body, body));
        return Task.CompletedTask;
    }
}
