using Beds24.Api;
using Beds24.Api.Models;
using Beds24Sync.BookingLinks;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Inbound;

/// <summary>
/// Credits are the scarce resource (DESIGN.md §5b): hints handled at the same time for one account share one Beds24
/// read. The first caller opens a batch for <see cref="InboundOptions.HintCoalescingWindow"/>; every caller of that
/// account joining it adds its ids; the batch goes out as one <c>GET /bookings?id=…</c> when the window ends or it
/// holds <see cref="MaxIdsPerRead"/> ids, and each caller gets back the bookings it asked for. A failed read fails
/// every caller of the batch (their messages are retried as before). Works in any host that handles messages
/// concurrently (the Functions queue trigger's batch, the local worker's parallel batch).
/// </summary>
public sealed class InboundReadCoalescer(IBeds24ClientFactory beds24, IOptions<InboundOptions> options, TimeProvider time)
{
    /// <summary>One Beds24 page, and a URL well within limits.</summary>
    public const int MaxIdsPerRead = InboundProcessor.IdsPerRead;

    private readonly object _gate = new();
    private readonly Dictionary<string, Batch> _open = new(StringComparer.Ordinal);

    /// <summary>Reads made so far (for status and tests).</summary>
    public long Reads => Interlocked.Read(ref _reads);

    private long _reads;

    /// <returns>The bookings among <paramref name="ids"/> that the read returned (all statuses, with our marker's info items).</returns>
    public async Task<List<Beds24Booking>> ReadAsync(string accountId, IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        var window = options.Value.HintCoalescingWindow;
        if (window <= TimeSpan.Zero || ids.Count >= MaxIdsPerRead)
        {
            Interlocked.Increment(ref _reads);
            return await beds24.GetClient(accountId).GetBookingsAsync(BookingIdentity.ById(ids), cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        Batch batch;
        var due = new List<Batch>(2); // full batches: sent at once, outside the lock
        lock (_gate)
        {
            if (!_open.TryGetValue(accountId, out batch!) || batch.Ids.Count + ids.Count > MaxIdsPerRead)
            {
                if (batch is not null)
                {
                    _open.Remove(accountId);
                    due.Add(batch); // no room for these ids: it goes now, a new batch takes them
                }

                batch = new Batch();
                _open[accountId] = batch;
                _ = CloseAfterAsync(accountId, batch, window);
            }

            batch.Ids.UnionWith(ids);
            if (batch.Ids.Count >= MaxIdsPerRead)
            {
                _open.Remove(accountId);
                due.Add(batch);
            }
        }

        foreach (var full in due)
        {
            _ = FlushAsync(accountId, full);
        }

        var found = await batch.Result.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        var wanted = ids.ToHashSet();
        return [.. found.Where(b => b.Id is { } id && wanted.Contains(id))];
    }

    private async Task CloseAfterAsync(string accountId, Batch batch, TimeSpan window)
    {
        await Task.Delay(window, time).ConfigureAwait(false);
        lock (_gate)
        {
            if (_open.TryGetValue(accountId, out var current) && ReferenceEquals(current, batch))
            {
                _open.Remove(accountId);
            }
        }

        await FlushAsync(accountId, batch).ConfigureAwait(false);
    }

    private async Task FlushAsync(string accountId, Batch batch)
    {
        if (Interlocked.Exchange(ref batch.Flushed, 1) == 1)
        {
            return;
        }

        try
        {
            long[] ids;
            lock (_gate)
            {
                ids = [.. batch.Ids];
            }

            Interlocked.Increment(ref _reads);
            // Not the callers' tokens: one caller giving up must not fail the others' read.
            var found = await beds24.GetClient(accountId).GetBookingsAsync(BookingIdentity.ById(ids), CancellationToken.None).ToListAsync().ConfigureAwait(false);
            batch.Result.TrySetResult(found);
        }
        catch (Exception ex)
        {
            batch.Result.TrySetException(ex);
        }
    }

    private sealed class Batch
    {
        public readonly HashSet<long> Ids = [];
        public readonly TaskCompletionSource<List<Beds24Booking>> Result = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Flushed;
    }
}
