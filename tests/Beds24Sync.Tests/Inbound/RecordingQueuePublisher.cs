using System.Collections.Concurrent;
using Beds24Sync.Contracts;
using Beds24Sync.Queues;

namespace Beds24Sync.Tests.Inbound;

/// <summary>Keeps what was sent, per queue; <see cref="FailNext"/> makes the next sends throw like a storage outage.</summary>
internal sealed class RecordingQueuePublisher : IQueuePublisher
{
    private int _failures;

    public ConcurrentQueue<(string Queue, object Message)> Sent { get; } = new();

    public void FailNext(int count) => _failures = count;

    public IReadOnlyList<BookingChangedMessage> PmsMessages => [.. Sent.Where(s => s.Queue == Beds24Sync.Storage.StorageNames.Queues.PmsInbound).Select(s => (BookingChangedMessage)s.Message)];

    public async Task SendAsync<T>(string queueName, T message, TimeSpan? visibilityDelay = null, CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        if (Interlocked.Decrement(ref _failures) >= 0)
        {
            throw new Azure.RequestFailedException(503, "queue unavailable");
        }

        Sent.Enqueue((queueName, message!));
    }

    public Task SendRawAsync(string queueName, string body, TimeSpan? visibilityDelay = null, CancellationToken cancellationToken = default)
    {
        Sent.Enqueue((queueName, body));
        return Task.CompletedTask;
    }
}
