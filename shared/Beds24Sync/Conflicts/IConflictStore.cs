namespace Beds24Sync.Conflicts;

/// <summary>The SyncConflicts table: one row per conflict, newest first, written with ETags.</summary>
public interface IConflictStore
{
    Task<ConflictRecord?> GetAsync(string conflictId, CancellationToken cancellationToken);

    /// <summary>The newest conflict of a reservation, whatever its status.</summary>
    Task<ConflictRecord?> GetLatestForReservationAsync(string accountId, string reservationId, CancellationToken cancellationToken);

    /// <summary>Insert (default ETag) or replace if the ETag still matches; returns the record with its new ETag.</summary>
    /// <exception cref="Storage.ConcurrencyConflictException">Someone else changed it first (or the id exists already).</exception>
    Task<ConflictRecord> SaveAsync(ConflictRecord conflict, CancellationToken cancellationToken);

    /// <summary>Every conflict, newest first.</summary>
    IAsyncEnumerable<ConflictRecord> ListAsync(CancellationToken cancellationToken);

    /// <summary>One page of the conflicts matching <paramref name="filter"/>, newest first.</summary>
    /// <param name="continuationToken">From the previous page; null for the first.</param>
    /// <exception cref="ArgumentException">The continuation token is not one this store handed out.</exception>
    Task<ConflictPage> QueryAsync(ConflictFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken);

    /// <summary>How many conflicts match <paramref name="filter"/>.</summary>
    Task<int> CountAsync(ConflictFilter filter, CancellationToken cancellationToken);

    /// <summary>Counts by status, type, rule and decision, and the oldest conflict still waiting.</summary>
    Task<ConflictStats> GetStatsAsync(CancellationToken cancellationToken);
}
