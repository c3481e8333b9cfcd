using Beds24.Api;
using Beds24.Api.Models;
using Beds24Sync.BookingLinks;

namespace Beds24Sync.Core;

/// <summary>
/// The one read that batches of by-id look-ups share: every id of the batch in one <c>GET /bookings?id=…</c> (all
/// statuses, with our marker's info items); each caller gets back the bookings it asked for. A failed read fails
/// every caller of the batch.
/// </summary>
public static class BookingIdReads
{
    /// <summary>One Beds24 page, and a URL well within limits.</summary>
    public const int MaxIdsPerRead = 100;

    public static async Task ReadBatchAsync(IBeds24ClientFactory beds24, string accountId, IReadOnlyList<BatchEntry<IReadOnlyList<long>, List<Beds24Booking>>> batch)
    {
        ArgumentNullException.ThrowIfNull(beds24);
        ArgumentNullException.ThrowIfNull(batch);
        long[] ids = [.. batch.SelectMany(e => e.Item).Distinct()];
        var found = await beds24.GetClient(accountId).GetBookingsAsync(BookingIdentity.ById(ids), CancellationToken.None).ToListAsync().ConfigureAwait(false);
        foreach (var entry in batch)
        {
            var wanted = entry.Item.ToHashSet();
            entry.Complete([.. found.Where(b => b.Id is { } id && wanted.Contains(id))]);
        }
    }
}
