using Beds24Sync.Contracts;
using Beds24Sync.Queues;

namespace Beds24Sync.Tests.Conflicts;

/// <summary>Remembers every message sent, serialised as the real publisher would.</summary>
internal sealed class RecordingQueuePublisher : IQueuePublisher
{
    public List<(string Queue, string Body)> Sent { get; } = [];

    public Task SendAsync<T>(string queueName, T message, TimeSpan? visibilityDelay = null, CancellationToken cancellationToken = default)
    {
        Sent.Add((queueName, SyncJson.Serialize(message)));
        return Task.CompletedTask;
    }

    public Task SendRawAsync(string queueName, string body, TimeSpan? visibilityDelay = null, CancellationToken cancellationToken = default)
    {
        Sent.Add((queueName, body));
        return Task.CompletedTask;
    }

    public IReadOnlyList<T> On<T>(string queueName) => [.. Sent.Where(s => s.Queue == queueName).Select(s => SyncJson.Deserialize<T>(s.Body)!)];
}
