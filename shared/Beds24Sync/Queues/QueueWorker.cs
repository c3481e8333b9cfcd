using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Beds24Sync.Contracts;
using Beds24Sync.Core;
using Beds24Sync.DeadLetters;
using Beds24Sync.Push;
using Beds24Sync.Storage;
using Microsoft.Extensions.Logging;

namespace Beds24Sync.Queues;

/// <summary>
/// Runs one queue for the local host (in Azure the Functions queue trigger and Durable retries do this): receive,
/// handle, delete on success; on a transient failure let the message reappear after the <see cref="SyncRetryPolicy"/>
/// delay for its attempt; after the last attempt or on a permanent failure write it to the dead-letter store with
/// the reason, then delete it. A message is deleted only once it is handled or dead-lettered: nothing is dropped.
/// </summary>
public sealed partial class QueueWorker(StorageClients clients, IQueueMessageHandler handler, IDeadLetterStore deadLetters, TimeProvider time,
    ILogger<QueueWorker> logger, IReadOnlyList<TimeSpan>? retryDelays = null, TimeSpan? processingLease = null, int parallelism = 1)
{
    /// <summary>Messages of one receive handled at once, as the Functions queue trigger does (host.json queues.batchSize).</summary>
    private readonly int _parallelism = Math.Clamp(parallelism, 1, 64);

    private readonly TimeSpan _lease = processingLease ?? ProcessingLease;

    private readonly QueueMessageProcessor _processor = new(deadLetters, time, retryDelays);

    /// <summary>How long a received message stays invisible while it is handled (longer than any handling takes). If the
    /// worker dies, the message reappears after this and is handled again (idempotently).</summary>
    public static readonly TimeSpan ProcessingLease = TimeSpan.FromMinutes(5);

    /// <summary>Receive and handle up to <paramref name="maxMessages"/> messages once. Returns how many were received.</summary>
    public async Task<int> RunOnceAsync(int maxMessages, CancellationToken cancellationToken)
    {
        // Raw bodies: one message that is not Base64 must not fail the whole receive (and block the queue for good).
        var queue = clients.RawQueue(handler.QueueName);
        QueueMessage[] messages = (await queue.ReceiveMessagesAsync(Math.Clamp(maxMessages, 1, 32), _lease, cancellationToken).ConfigureAwait(false)).Value;
        if (_parallelism == 1)
        {
            foreach (var message in messages)
            {
                await ProcessAsync(queue, message, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            // Concurrent hints of one account then share one Beds24 read (InboundReadCoalescer).
            await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken },
                async (message, token) => await ProcessAsync(queue, message, token).ConfigureAwait(false)).ConfigureAwait(false);
        }

        return messages.Length;
    }

    /// <summary>
    /// Poll until cancelled, backing off while the queue is empty or storage is unreachable. Up to the parallelism's
    /// worth of messages are in hand at once, and a new receive fills free places as soon as one message is done (as
    /// the Functions host's newBatchThreshold does): a slow message never holds up the others, and concurrent hints of
    /// one account keep sharing reads (InboundReadCoalescer) instead of arriving sixteen at a time.
    /// </summary>
    public async Task RunAsync(TimeSpan idleDelay, CancellationToken cancellationToken)
    {
        using var free = new SemaphoreSlim(_parallelism, _parallelism);
        var inFlight = new List<Task>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await free.WaitAsync(cancellationToken).ConfigureAwait(false);
                var places = 1;
                while (places < 32 && free.Wait(0))
                {
                    places++;
                }

                TimeSpan? pause = null;
                var started = 0;
                try
                {
                    // Raw bodies: one message that is not Base64 must not fail the whole receive (and block the queue for good).
                    var queue = clients.RawQueue(handler.QueueName);
                    QueueMessage[] messages = (await queue.ReceiveMessagesAsync(places, _lease, cancellationToken).ConfigureAwait(false)).Value;
                    foreach (var message in messages)
                    {
                        inFlight.Add(HandleAsync(queue, message, free, cancellationToken));
                        started++;
                    }

                    pause = messages.Length == 0 ? idleDelay : null;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // Storage unreachable: messages stay in the queue (or reappear after their lease); try again shortly.
                    LogPollFailed(logger, handler.QueueName, ex);
                    pause = idleDelay * 5;
                }
                finally
                {
                    if (places > started)
                    {
                        free.Release(places - started);
                    }
                }

                inFlight.RemoveAll(t => t.IsCompleted);
                if (pause is { } wait)
                {
                    await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: anything received but not finished reappears after its lease.
        }
        finally
        {
            await Task.WhenAll(inFlight).ConfigureAwait(false); // each ends at once when cancelled; none throws (HandleAsync)
        }
    }

    private async Task HandleAsync(QueueClient queue, QueueMessage message, SemaphoreSlim free, CancellationToken cancellationToken)
    {
        try
        {
            await ProcessAsync(queue, message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Storage failed mid-message: it reappears after its lease and is handled again (idempotently).
            LogPollFailed(logger, handler.QueueName, ex);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        finally
        {
            free.Release();
        }
    }

    private async Task ProcessAsync(QueueClient queue, QueueMessage message, CancellationToken cancellationToken)
    {
        var raw = message.Body.ToString();
        var attempt = (int)message.DequeueCount;
        if (!QueueBody.TryDecode(raw, out var body))
        {
            // Not what the Functions trigger could read either: keep it as it came, with the reason, and remove it.
            await _processor.DeadLetterAsync(handler, raw, attempt, message.MessageId, SyncFailureException.Permanent(
                $"The message on {handler.QueueName} is not Base64-encoded UTF-8 text; producers must Base64-encode the JSON (QueueMessageEncoding.Base64).",
                DeadLetterCategories.Poison), cancellationToken).ConfigureAwait(false);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Messages of a batch are handled one after another (a push may wait minutes for Beds24 credits): renew the lease
        // of one whose lease is half gone, so it is not handed out again while it waits its turn.
        var popReceipt = message.PopReceipt;
        if (message.NextVisibleOn is { } visibleOn && visibleOn - time.GetUtcNow() < _lease / 2)
        {
            UpdateReceipt renewed = await queue.UpdateMessageAsync(message.MessageId, popReceipt, visibilityTimeout: _lease, cancellationToken: cancellationToken).ConfigureAwait(false);
            popReceipt = renewed.PopReceipt;
        }

        var retryAfter = await _processor.ProcessAsync(handler, body, attempt, message.MessageId, cancellationToken).ConfigureAwait(false);
        if (retryAfter is { } wait)
        {
            LogRetrying(logger, handler.QueueName, message.MessageId, attempt, wait);
            await queue.UpdateMessageAsync(message.MessageId, popReceipt, visibilityTimeout: wait, cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        await queue.DeleteMessageAsync(message.MessageId, popReceipt, cancellationToken).ConfigureAwait(false);
    }

    internal static string? TryReadSubject(string body)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != System.Text.Json.JsonValueKind.Object)
            {
                return null;
            }

            if (root.TryGetProperty("reservation", out var r) && r.ValueKind == System.Text.Json.JsonValueKind.Object && r.TryGetProperty("reservationId", out var id))
            {
                return id.ToString();
            }

            return root.TryGetProperty("roomTypeId", out var room) ? $"{room}" : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    internal static string? TryReadString(string body, string property)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && doc.RootElement.TryGetProperty(property, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue {Queue} message {MessageId} attempt {Attempt} failed, retrying in {Delay}")]
    private static partial void LogRetrying(ILogger logger, string queue, string messageId, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Polling queue {Queue} failed; will retry")]
    private static partial void LogPollFailed(ILogger logger, string queue, Exception exception);
}
