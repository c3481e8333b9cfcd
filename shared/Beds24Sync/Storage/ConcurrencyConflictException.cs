namespace Beds24Sync.Storage;

/// <summary>An optimistic-concurrency write lost (HTTP 412 stale ETag, or 409 on a duplicate insert). Re-read and retry.</summary>
public sealed class ConcurrencyConflictException(string message, Exception? innerException = null) : Exception(message, innerException);
