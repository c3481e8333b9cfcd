using Beds24.Api;
using Beds24.Api.Models;
using Beds24Sync.BookingLinks;
using Beds24Sync.Core;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Push;

/// <summary>
/// After a create whose answer was lost, the reservation's booking is looked for by our marker among the bookings of
/// its room on its arrival day (<see cref="BookingIdentity.CreateCandidates"/>). A lost answer of a batched POST
/// leaves every reservation of the batch looking at once; looks of one account that start within
/// <see cref="PushOptions.WriteCoalescingWindow"/> share one <c>GET /bookings</c> over their rooms and arrival days
/// (split where the arrivals span more than <see cref="MaxArrivalSpanDays"/>, so no read pages through a season), and
/// each reservation gets only a booking of its own room, arrival and marker.
/// </summary>
public sealed class CreatedBookingFinder
{
    /// <summary>Arrival days one read covers; wider batches are read in several calls.</summary>
    public const int MaxArrivalSpanDays = 7;

    private const int MaxLooksPerRead = 100;

    private readonly IBeds24ClientFactory _beds24;
    private readonly AccountBatcher<CreateLook, Beds24Booking?> _batcher;
    private long _reads;

    public CreatedBookingFinder(IBeds24ClientFactory beds24, IOptions<PushOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _beds24 = beds24;
        _batcher = new(time, () => options.Value.WriteCoalescingWindow, MaxLooksPerRead, _ => 1, FindBatchAsync, () => options.Value.LongestCoalescingWait);
    }

    /// <summary>Reads made so far.</summary>
    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>The booking our earlier create of <paramref name="reservationId"/> made, or null when Beds24 holds none.</summary>
    public Task<Beds24Booking?> FindAsync(string accountId, PendingCreate attempt, string reservationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return _batcher.AddAsync(accountId, new CreateLook(attempt.Beds24RoomId, attempt.Arrival, reservationId), cancellationToken);
    }

    private async Task FindBatchAsync(string accountId, IReadOnlyList<BatchEntry<CreateLook, Beds24Booking?>> batch)
    {
        var client = _beds24.GetClient(accountId);
        foreach (var group in ByArrivalSpan(batch))
        {
            Interlocked.Increment(ref _reads);
            var query = BookingIdentity.CreateCandidates(group[0].Item.RoomId, group[0].Item.Arrival) with
            {
                RoomIds = [.. group.Select(e => e.Item.RoomId).Distinct().Order()],
                ArrivalFrom = group.Min(e => e.Item.Arrival),
                ArrivalTo = group.Max(e => e.Item.Arrival),
            };
            var candidates = await client.GetBookingsAsync(query, CancellationToken.None).ToListAsync().ConfigureAwait(false);
            foreach (var entry in group)
            {
                var look = entry.Item;
                entry.Complete(candidates
                    .Where(b => b.RoomId == look.RoomId && b.Arrival == look.Arrival && BookingIdentity.MarkedReservationId(b) == look.ReservationId)
                    .OrderBy(b => b.Id)
                    .FirstOrDefault());
            }
        }
    }

    private static IEnumerable<List<BatchEntry<CreateLook, Beds24Booking?>>> ByArrivalSpan(IReadOnlyList<BatchEntry<CreateLook, Beds24Booking?>> batch)
    {
        var group = new List<BatchEntry<CreateLook, Beds24Booking?>>();
        foreach (var entry in batch.OrderBy(e => e.Item.Arrival))
        {
            if (group.Count > 0 && entry.Item.Arrival.DayNumber - group[0].Item.Arrival.DayNumber >= MaxArrivalSpanDays)
            {
                yield return group;
                group = [];
            }

            group.Add(entry);
        }

        if (group.Count > 0)
        {
            yield return group;
        }
    }

    private sealed record CreateLook(long RoomId, DateOnly Arrival, string ReservationId);
}
