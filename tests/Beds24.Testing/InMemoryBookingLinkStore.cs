using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Azure;
using Beds24Sync.BookingLinks;
using Beds24Sync.Storage;

namespace Beds24.Testing;

/// <summary>
/// The one in-memory booking link store of the tests: the table store's ETag rules (insert fails if present, replace
/// fails on a stale ETag), so races between workers can be unit tested. <see cref="BeforeSave"/> lets a test interfere with one write.
/// </summary>
public sealed class InMemoryBookingLinkStore : IBookingLinkStore
{
    private readonly object _gate = new();
    private readonly Dictionary<(string, string), BookingLink> _links = [];
    private readonly Dictionary<(string, long), string> _byBooking = [];
    private int _version;

    public Func<BookingLink, Task>? BeforeSave { get; set; }

    public ConcurrentQueue<BookingLink> Saved { get; } = new();

    public IReadOnlyList<BookingLink> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _links.Values];
            }
        }
    }

    public Task<BookingLink?> GetByReservationAsync(string accountId, string reservationId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_links.GetValueOrDefault((accountId, reservationId)));
        }
    }

    public Task<BookingLink?> GetByBeds24IdAsync(string accountId, long beds24BookingId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_byBooking.TryGetValue((accountId, beds24BookingId), out var reservationId) ? _links.GetValueOrDefault((accountId, reservationId)) : null);
        }
    }

    public async Task<BookingLink> SaveAsync(BookingLink link, CancellationToken cancellationToken)
    {
        if (BeforeSave is { } hook)
        {
            await hook(link);
        }

        await Task.Yield(); // let racing workers interleave
        lock (_gate)
        {
            var key = (link.AccountId, link.ReservationId);
            var exists = _links.TryGetValue(key, out var current);
            if (link.ETag == default ? exists : !exists || current!.ETag != link.ETag)
            {
                throw new ConcurrencyConflictException($"Booking link {link.ReservationId} was written by someone else.", new RequestFailedException(412, "stale"));
            }

            var saved = link with { ETag = new ETag($"W/\"{++_version}\"") };
            _links[key] = saved;
            if (link.Beds24BookingId is { } bookingId)
            {
                _byBooking[(link.AccountId, bookingId)] = link.ReservationId;
            }

            Saved.Enqueue(saved);
            return saved;
        }
    }

    public async IAsyncEnumerable<BookingLink> ListAsync(string accountId, string? propertyId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var link in All.Where(l => l.AccountId == accountId && (propertyId is null || l.PropertyId == propertyId)))
        {
            await Task.Yield();
            yield return link;
        }
    }
}
