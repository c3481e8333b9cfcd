namespace Beds24Sync.BookingLinks;

/// <summary>Reads and writes <see cref="BookingLink"/>s, findable by either side's id.</summary>
public interface IBookingLinkStore
{
    Task<BookingLink?> GetByReservationAsync(string accountId, string reservationId, CancellationToken cancellationToken);

    Task<BookingLink?> GetByBeds24IdAsync(string accountId, long beds24BookingId, CancellationToken cancellationToken);

    /// <summary>
    /// Insert (when <see cref="BookingLink.ETag"/> is default) or replace if the ETag still matches.
    /// Returns the link with its new ETag.
    /// </summary>
    /// <exception cref="Storage.ConcurrencyConflictException">Someone else wrote the link first.</exception>
    Task<BookingLink> SaveAsync(BookingLink link, CancellationToken cancellationToken);

    IAsyncEnumerable<BookingLink> ListAsync(string accountId, string? propertyId, CancellationToken cancellationToken);

    /// <summary>
    /// Links with a PMS change not yet applied (<see cref="BookingLink.HasPendingChange"/>). Stores that can, answer
    /// from an index column instead of reading every link; links written before that column are only in <see cref="ListAsync"/>.
    /// </summary>
    IAsyncEnumerable<BookingLink> ListPendingAsync(string accountId, CancellationToken cancellationToken) =>
        ListAsync(accountId, propertyId: null, cancellationToken).Where(l => l.HasPendingChange);
}
