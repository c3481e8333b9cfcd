using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Beds24Sync.BookingLinks;
using Beds24Sync.Storage;

namespace Beds24Sync.Tests.Conflicts;

/// <summary>An <see cref="IBookingLinkStore"/> with ETag rules, keyed by account and reservation.</summary>
internal sealed class InMemoryBookingLinkStore : IBookingLinkStore
{
    private readonly Dictionary<(string, string), BookingLink> _rows = [];
    private int _etag;

    public Task<BookingLink?> GetByReservationAsync(string accountId, string reservationId, CancellationToken cancellationToken) =>
        Task.FromResult(_rows.GetValueOrDefault((accountId, reservationId)));

    public Task<BookingLink?> GetByBeds24IdAsync(string accountId, long beds24BookingId, CancellationToken cancellationToken) =>
        Task.FromResult(_rows.Values.FirstOrDefault(l => l.AccountId == accountId && l.Beds24BookingId == beds24BookingId));

    public Task<BookingLink> SaveAsync(BookingLink link, CancellationToken cancellationToken)
    {
        var exists = _rows.TryGetValue((link.AccountId, link.ReservationId), out var stored);
        if (link.ETag == default ? exists : !exists || stored!.ETag != link.ETag)
        {
            throw new ConcurrencyConflictException($"Link {link.ReservationId} was changed by someone else.", new RequestFailedException(412, "stale"));
        }

        var saved = link with { ETag = new ETag((++_etag).ToString(CultureInfo.InvariantCulture)) };
        _rows[(link.AccountId, link.ReservationId)] = saved;
        return Task.FromResult(saved);
    }

    public async IAsyncEnumerable<BookingLink> ListAsync(string accountId, string? propertyId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var link in _rows.Values.Where(l => l.AccountId == accountId && (propertyId is null || l.PropertyId == propertyId)).ToList())
        {
            yield return link;
        }
    }
}
