namespace Beds24Functions.Queues;

/// <summary>Thrown so the Functions host makes the queue message visible again; host.json's maxDequeueCount is above our attempts, so we dead-letter first.</summary>
public sealed class RetryLaterException(string messageId, TimeSpan suggestedDelay)
    : Exception($"Message {messageId} failed transiently; retry suggested after {suggestedDelay}.");
