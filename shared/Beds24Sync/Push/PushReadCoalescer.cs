using Beds24.Api;
using Beds24.Api.Models;
using Beds24Sync.Core;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Push;

/// <summary>
/// The by-id reads of booking pushes (the booking as Beds24 has it before a write, and read-backs after one) of one
/// account share one Beds24 read (<see cref="BookingIdReads"/>), batched as the writes are: the batch goes when no
/// read has joined for <see cref="PushOptions.WriteCoalescingWindow"/>, at the latest after
/// <see cref="PushOptions.LongestCoalescingWait"/>, or when it holds <see cref="BookingIdReads.MaxIdsPerRead"/> ids.
/// A burst of pushes arrives at the pipeline's pace, so a quiet gap lets the read fill as the POST after it does.
/// </summary>
public sealed class PushReadCoalescer
{
    private readonly AccountBatcher<IReadOnlyList<long>, List<Beds24Booking>> _batcher;

    public PushReadCoalescer(IBeds24ClientFactory beds24, IOptions<PushOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _batcher = new(time, () => options.Value.WriteCoalescingWindow, BookingIdReads.MaxIdsPerRead, ids => ids.Count,
            (accountId, batch) => BookingIdReads.ReadBatchAsync(beds24, accountId, batch), () => options.Value.LongestCoalescingWait);
    }

    /// <summary>Reads made so far (for status and tests).</summary>
    public long Reads => _batcher.Batches;

    /// <returns>The bookings among <paramref name="ids"/> that the read returned (all statuses, with our marker's info items).</returns>
    public Task<List<Beds24Booking>> ReadAsync(string accountId, IReadOnlyList<long> ids, CancellationToken cancellationToken) =>
        _batcher.AddAsync(accountId, ids, cancellationToken);
}
