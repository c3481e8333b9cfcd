namespace Beds24Sync.Pull;

/// <summary>SyncCursors: per account the incremental pull cursor and the lease of the run using it (ETag-guarded).</summary>
public interface ISyncCursorStore
{
    Task<SyncCursor?> GetAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>Take the lease if nobody holds it. Returns the cursor (with its ETag), or null when another run holds it.</summary>
    Task<SyncCursor?> TryLeaseAsync(string accountId, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Move the cursor and release the lease (only the lease holder can: ETag).</summary>
    Task CompleteAsync(SyncCursor leased, DateTimeOffset newCursor, DateTimeOffset now, int bookingsSeen, CancellationToken cancellationToken);

    /// <summary>Release the lease without moving the cursor (the window failed and will be read again).</summary>
    Task AbandonAsync(SyncCursor leased, DateTimeOffset now, CancellationToken cancellationToken);
}
