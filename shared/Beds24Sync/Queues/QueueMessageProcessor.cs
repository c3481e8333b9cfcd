using Beds24Sync.Contracts;
using Beds24Sync.Core;
using Beds24Sync.DeadLetters;
using Beds24Sync.Push;

namespace Beds24Sync.Queues;

/// <summary>
/// The one failure policy for queue messages, used by the local host's QueueWorker and the Functions queue triggers:
/// handle; on a transient failure ask for a retry after the schedule's delay for this attempt; after the last attempt,
/// or on a permanent failure, write the dead letter (reason, attempts, original message) and release what it held.
/// </summary>
public sealed class QueueMessageProcessor(IDeadLetterStore deadLetters, TimeProvider time, IReadOnlyList<TimeSpan>? retryDelays = null)
{
    private readonly IReadOnlyList<TimeSpan> _retryDelays = retryDelays ?? SyncRetryPolicy.Delays;

    /// <returns>Null when the message is finished (handled or dead-lettered); otherwise the delay before it should be tried again.</returns>
    public async Task<TimeSpan?> ProcessAsync(IQueueMessageHandler handler, string body, int attempt, string queueMessageId, CancellationToken cancellationToken)
    {
        try
        {
            await handler.HandleAsync(body, attempt, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            var failure = SyncFailureException.From(ex);
            if (failure.IsTransient && attempt <= _retryDelays.Count)
            {
                return _retryDelays[attempt - 1];
            }

            await DeadLetterAsync(handler, body, attempt, queueMessageId, failure, cancellationToken).ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>Write the dead letter (reason, attempts, original message untouched) and let the handler release what it held.</summary>
    public async Task DeadLetterAsync(IQueueMessageHandler handler, string body, int attempt, string queueMessageId, SyncFailureException failure, CancellationToken cancellationToken)
    {
        await deadLetters.AddAsync(new DeadLetterMessage
        {
            // The message's own id when it has a usable one (a table key holds at most 1 KiB), else the queue's.
            MessageId = QueueWorker.TryReadString(body, "messageId") is { Length: > 0 and <= 200 } id ? id : "queue-" + queueMessageId,
            Source = handler.QueueName,
            Category = failure.IsTransient ? DeadLetterCategories.Exhausted : failure.Category,
            Reason = failure.IsTransient ? $"Gave up after {attempt} attempts: {failure.Message}" : failure.Message,
            Attempts = attempt,
            AccountId = QueueWorker.TryReadString(body, "accountId"),
            Subject = QueueWorker.TryReadSubject(body),
            OriginalMessage = body,
            DeadLetteredAt = time.GetUtcNow(),
        }, cancellationToken).ConfigureAwait(false);
        await handler.OnDeadLetteredAsync(body, cancellationToken).ConfigureAwait(false);
    }
}
