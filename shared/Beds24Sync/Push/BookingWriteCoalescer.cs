using Beds24.Api;
using Beds24.Api.Errors;
using Beds24.Api.Models;
using Beds24Sync.Core;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Push;

/// <summary>
/// Booking writes of many reservations in one Beds24 call. Each reservation's push (its own orchestration, so one
/// write per reservation at a time) hands its one desired booking here; writes of one account that start within
/// <see cref="PushOptions.WriteCoalescingWindow"/> go out as one array POST of up to <see cref="PushOptions.MaxBookingsPerWrite"/>,
/// and each caller gets its own item's result. So the rules of a single push hold inside a batch:
/// <list type="bullet">
/// <item>a per-item refusal is that item's answer only; the others are written;</item>
/// <item>an answer lost after sending (<see cref="Beds24WriteOutcomeUnknownException"/>) reaches every caller of the
/// batch: each create was marked in flight before it joined, so each reservation looks for its own marker next time;</item>
/// <item>a refusal of the whole request (4xx, nothing written) is not one item's fault: each item is then sent alone,
/// so one bad booking cannot sink the others.</item>
/// </list>
/// </summary>
public sealed class BookingWriteCoalescer
{
    private readonly IBeds24ClientFactory _beds24;
    private readonly AccountBatcher<Beds24Booking, BookingWriteAnswer> _batcher;
    private readonly TimeProvider _time;
    private long _calls;

    public BookingWriteCoalescer(IBeds24ClientFactory beds24, IOptions<PushOptions> options, TimeProvider time)
    {
        _beds24 = beds24;
        _time = time;
        _batcher = new(time, () => options.Value.WriteCoalescingWindow, options.Value.MaxBookingsPerWrite, _ => 1, SendAsync, () => options.Value.LongestCoalescingWait);
    }

    /// <summary>POST /bookings calls made so far (for status and tests).</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <returns>The write result of <paramref name="booking"/>, and when its POST was sent.</returns>
    public Task<BookingWriteAnswer> WriteAsync(string accountId, Beds24Booking booking, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(booking);
        return _batcher.AddAsync(accountId, booking, cancellationToken);
    }

    private async Task SendAsync(string accountId, IReadOnlyList<BatchEntry<Beds24Booking, BookingWriteAnswer>> batch)
    {
        var client = _beds24.GetClient(accountId);
        try
        {
            Interlocked.Increment(ref _calls);
            var sentAt = _time.GetUtcNow();
            var results = await client.WriteBookingsAsync([.. batch.Select(i => i.Item)], CancellationToken.None).ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++)
            {
                if (i < results.Count)
                {
                    batch[i].Complete(new BookingWriteAnswer(results[i], sentAt));
                }
                else
                {
                    batch[i].Fail(new Beds24WriteOutcomeUnknownException(
                        $"Beds24 answered {results.Count} results for a write of {batch.Count} bookings; this one's outcome is unknown.", null, "POST bookings"));
                }
            }
        }
        catch (Beds24ApiException ex) when (batch.Count > 1 && !ex.IsTransient && ex is not Beds24AuthenticationException)
        {
            // The request as a whole was refused and nothing was written: find the item that caused it by sending each alone.
            foreach (var item in batch)
            {
                try
                {
                    Interlocked.Increment(ref _calls);
                    var sentAt = _time.GetUtcNow();
                    var alone = await client.WriteBookingsAsync([item.Item], CancellationToken.None).ConfigureAwait(false);
                    item.Complete(alone.Count > 0 ? new BookingWriteAnswer(alone[0], sentAt) : throw new Beds24WriteOutcomeUnknownException("Beds24 answered no result for the write.", null, "POST bookings"));
                }
                catch (Exception single)
                {
                    item.Fail(single);
                }
            }
        }
    }
}
