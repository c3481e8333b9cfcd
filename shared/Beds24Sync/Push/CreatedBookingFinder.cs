using Beds24.Api;
using Beds24.Api.Errors;
using Beds24.Api.Models;
using Beds24Sync.BookingLinks;
using Beds24Sync.Core;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Push;

/// <summary>
/// A create whose answer named no id (the spec shapes <c>new</c> as a field list) or was lost is looked for by our
/// marker. Looks of one account that start within <see cref="PushOptions.WriteCoalescingWindow"/> share their reads:
/// <list type="number">
/// <item>first one <c>GET /bookings</c> of the bookings made in the batch's rooms since its creates were sent
/// (<c>bookingTimeFrom</c>, UTC per the spec, <see cref="BookingTimeMargin"/> earlier for clock skew), whatever their
/// arrivals — paged only until every look is answered;</item>
/// <item>then, for the looks that read did not answer (nothing was made, or Beds24 reads the filter otherwise than
/// the spec says), the bookings of their rooms on their arrival days (<see cref="BookingIdentity.CreateCandidates"/>),
/// split where the arrivals span more than <see cref="MaxArrivalSpanDays"/>, so no read pages through a season.</item>
/// </list>
/// Each reservation gets only a booking of its own room, arrival and marker; only the second read may answer "none",
/// so a booking is never created twice because the first read missed it.
/// </summary>
public sealed class CreatedBookingFinder
{
    /// <summary>Arrival days one read covers; wider batches are read in several calls.</summary>
    public const int MaxArrivalSpanDays = 7;

    /// <summary>
    /// How much earlier than our send time the booking-time read starts, for a Beds24 clock behind ours. Wider reads
    /// more of a burst's other bookings; a clock further behind only sends the looks to the second read.
    /// </summary>
    public static readonly TimeSpan BookingTimeMargin = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Bookings the booking-time read goes through before leaving the rest to the second read (five pages): bounds
    /// its cost should Beds24 read the filter more widely than the spec says, or a burst of other bookings share it.
    /// </summary>
    public const int MaxBookingsScannedSinceSent = 500;

    private const int MaxLooksPerRead = PushOptions.LargestBatch;

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
        return _batcher.AddAsync(accountId, new CreateLook(attempt.Beds24RoomId, attempt.Arrival, reservationId, attempt.SentAt), cancellationToken);
    }

    private async Task FindBatchAsync(string accountId, IReadOnlyList<BatchEntry<CreateLook, Beds24Booking?>> batch)
    {
        var client = _beds24.GetClient(accountId);
        var unanswered = await FindMadeSinceSentAsync(client, batch).ConfigureAwait(false);
        foreach (var group in ByArrivalSpan(unanswered))
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
                entry.Complete(candidates.Where(entry.Item.IsMadeBy).OrderBy(b => b.Id).FirstOrDefault());
            }
        }
    }

    /// <summary>Answers the looks whose booking was made since the batch was sent; returns the others.</summary>
    private async Task<List<BatchEntry<CreateLook, Beds24Booking?>>> FindMadeSinceSentAsync(IBeds24Client client, IReadOnlyList<BatchEntry<CreateLook, Beds24Booking?>> batch)
    {
        var unanswered = batch.ToList();
        Interlocked.Increment(ref _reads);
        var query = new BookingQuery
        {
            RoomIds = [.. batch.Select(e => e.Item.RoomId).Distinct().Order()],
            BookingTimeFrom = batch.Min(e => e.Item.SentAt).ToUniversalTime() - BookingTimeMargin,
            Statuses = Beds24BookingStatuses.All,
            IncludeInfoItems = true,
        };
        try
        {
            var scanned = 0;
            await foreach (var booking in client.GetBookingsAsync(query, CancellationToken.None).ConfigureAwait(false))
            {
                var entry = unanswered.Find(e => e.Item.IsMadeBy(booking));
                if (entry is not null)
                {
                    entry.Complete(booking);
                    unanswered.Remove(entry);
                }

                if (unanswered.Count == 0 || ++scanned >= MaxBookingsScannedSinceSent)
                {
                    break;
                }
            }
        }
        catch (Beds24ApiException ex) when (!ex.IsTransient && ex is not Beds24AuthenticationException)
        {
            // A refused filter must not stop the looks: the arrival-day read answers them all.
        }

        return unanswered;
    }

    private static IEnumerable<List<BatchEntry<CreateLook, Beds24Booking?>>> ByArrivalSpan(List<BatchEntry<CreateLook, Beds24Booking?>> batch)
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

    private sealed record CreateLook(long RoomId, DateOnly Arrival, string ReservationId, DateTimeOffset SentAt)
    {
        public bool IsMadeBy(Beds24Booking booking) =>
            booking.RoomId == RoomId && booking.Arrival == Arrival && BookingIdentity.MarkedReservationId(booking) == ReservationId;
    }
}
