using Azure;
using Azure.Storage.Queues.Models;
using Beds24Sync.Contracts;
using Beds24Sync.Queues;
using Beds24Sync.Storage;
using Microsoft.Extensions.Logging;

namespace Beds24Sync.DeadLetters;

/// <summary>
/// In Azure the Functions host moves a queue message it gave up on (maxDequeueCount deliveries, or a body it cannot
/// decode) to <c>{queue}-poison</c>, which nothing reads. This drains every such queue into the dead-letter store, with
/// the reason and the original message (replay puts it back on the original queue), and only then deletes it: a
/// failed dead-letter write leaves the message where it is for the next run.
/// </summary>
public sealed partial class PoisonQueueDrainer(StorageClients clients, IDeadLetterStore deadLetters, TimeProvider time, ILogger<PoisonQueueDrainer> logger)
{
    /// <summary>The queues the app reads; each may have a poison queue.</summary>
    public static IReadOnlyList<string> WatchedQueues { get; } = [StorageNames.Queues.PushBookings, StorageNames.Queues.PushCalendar, StorageNames.Queues.Beds24Inbound];

    public static string PoisonQueueOf(string queue) => queue + "-poison";

    /// <returns>How many poison messages were dead-lettered.</returns>
    public async Task<int> DrainAsync(CancellationToken cancellationToken)
    {
        var drained = 0;
        foreach (var queue in WatchedQueues)
        {
            var poison = clients.RawQueue(PoisonQueueOf(queue));
            while (true)
            {
                QueueMessage[] messages;
                try
                {
                    messages = (await poison.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(2), cancellationToken).ConfigureAwait(false)).Value;
                }
                catch (RequestFailedException ex) when (ex.Status == 404)
                {
                    break; // never created: nothing was ever given up on
                }

                if (messages.Length == 0)
                {
                    break;
                }

                foreach (var message in messages)
                {
                    await DeadLetterAsync(queue, message, cancellationToken).ConfigureAwait(false);
                    await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
                    drained++;
                }
            }
        }

        return drained;
    }

    private async Task DeadLetterAsync(string queue, QueueMessage message, CancellationToken cancellationToken)
    {
        var raw = message.Body.ToString();
        var decoded = QueueBody.TryDecode(raw, out var text);
        var body = decoded ? text : raw;
        await deadLetters.AddAsync(new DeadLetterMessage
        {
            MessageId = QueueWorker.TryReadString(body, "messageId") is { Length: > 0 and <= 200 } id ? id : $"poison-{queue}-{message.MessageId}",
            Source = queue,
            Category = DeadLetterCategories.Poison,
            Reason = decoded
                ? $"The Functions host gave up on this message after its delivery limit (host.json queues.maxDequeueCount) and moved it to {PoisonQueueOf(queue)}; see the function's logs for the failures. Replay puts it back on {queue}."
                : $"The message on {queue} is not Base64-encoded UTF-8 text, so the Functions host could not read it and moved it to {PoisonQueueOf(queue)}; producers must Base64-encode the JSON (QueueMessageEncoding.Base64).",
            Attempts = (int)message.DequeueCount,
            AccountId = QueueWorker.TryReadString(body, "accountId"),
            Subject = QueueWorker.TryReadSubject(body),
            OriginalMessage = body,
            DeadLetteredAt = time.GetUtcNow(),
        }, cancellationToken).ConfigureAwait(false);
        LogDrained(logger, PoisonQueueOf(queue), message.MessageId);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Poison message {MessageId} from {PoisonQueue} moved to the dead-letter store")]
    private static partial void LogDrained(ILogger logger, string poisonQueue, string messageId);
}
