using Beds24Sync.Contracts;

namespace Beds24Sync.DeadLetters;

/// <summary>
/// The dead-letter store: every item is written to the <c>DeadLetters</c> table and the <c>beds24-deadletter</c>
/// queue, and raises an alert. Nothing that fails is ever dropped.
/// </summary>
public interface IDeadLetterStore
{
    Task AddAsync(DeadLetterMessage deadLetter, CancellationToken cancellationToken);

    IAsyncEnumerable<DeadLetterRecord> ListAsync(bool includeReplayed, CancellationToken cancellationToken);

    /// <summary>Dead letters not yet replayed, counted without reading their messages (for /status every minute).</summary>
    Task<int> CountUnreplayedAsync(CancellationToken cancellationToken);

    Task<DeadLetterRecord?> GetAsync(string messageId, CancellationToken cancellationToken);

    /// <summary>Put the original message back on its source queue and mark the record replayed. One call.</summary>
    /// <exception cref="InvalidOperationException">Unknown id, or the source is not a queue.</exception>
    Task ReplayAsync(string messageId, CancellationToken cancellationToken);
}

/// <summary>A stored dead letter with its replay state.</summary>
public sealed record DeadLetterRecord(DeadLetterMessage Message, DateTimeOffset? ReplayedAt, int ReplayCount);
