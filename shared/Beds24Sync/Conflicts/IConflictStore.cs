namespace Beds24Sync.Conflicts;

public interface IConflictStore
{
    Task<ConflictRecord?> GetAsync(string conflictId, CancellationToken cancellationToken);

    /// <summary>The newest conflict of a reservation, whatever its status.</summary>
    Task<ConflictRecord?> GetLatestForReservationAsync(string accountId, string reservationId, CancellationToken cancellationToken);

    /// <summary>Insert (default ETag) or replace if the ETag still matches; returns the record with its new ETag.</summary>
    /// <exception cref="Storage.ConcurrencyConflictException">Someone else changed it first.</exception>
    Task<ConflictRecord> SaveAsync(ConflictRecord conflict, CancellationToken cancellationToken);

    IAsyncEnumerable<ConflictRecord> ListAsync(CancellationToken cancellationToken);
}
