using Beds24.Api;
using Beds24.Api.Errors;
using Beds24.Api.Models;
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
public sealed class BookingWriteCoalescer(IBeds24ClientFactory beds24, IOptions<PushOptions> options, TimeProvider time)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Batch> _open = new(StringComparer.Ordinal);
    private long _calls;

    /// <summary>POST /bookings calls made so far (for status and tests).</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <returns>The write result of <paramref name="booking"/> (a one-item list, as <see cref="IBeds24Client.WriteBookingsAsync"/> answers).</returns>
    public async Task<IReadOnlyList<Beds24WriteResult>> WriteAsync(string accountId, Beds24Booking booking, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(booking);
        var o = options.Value;
        if (o.WriteCoalescingWindow <= TimeSpan.Zero || o.MaxBookingsPerWrite <= 1)
        {
            Interlocked.Increment(ref _calls);
            return await beds24.GetClient(accountId).WriteBookingsAsync([booking], cancellationToken).ConfigureAwait(false);
        }

        var item = new Item(booking);
        Batch? full = null;
        lock (_gate)
        {
            if (!_open.TryGetValue(accountId, out var batch))
            {
                batch = new Batch();
                _open[accountId] = batch;
                _ = CloseAfterAsync(accountId, batch, o.WriteCoalescingWindow);
            }

            batch.Items.Add(item);
            if (batch.Items.Count >= o.MaxBookingsPerWrite)
            {
                _open.Remove(accountId);
                full = batch;
            }
        }

        if (full is not null)
        {
            _ = SendAsync(accountId, full); // outside the lock
        }

        // The caller's cancellation stops its wait, not the batch: the others' writes still go out.
        return [await item.Result.Task.WaitAsync(cancellationToken).ConfigureAwait(false)];
    }

    private async Task CloseAfterAsync(string accountId, Batch batch, TimeSpan window)
    {
        await Task.Delay(window, time).ConfigureAwait(false);
        lock (_gate)
        {
            if (!_open.TryGetValue(accountId, out var current) || !ReferenceEquals(current, batch))
            {
                return; // already sent as a full batch
            }

            _open.Remove(accountId);
        }

        await SendAsync(accountId, batch).ConfigureAwait(false);
    }

    private async Task SendAsync(string accountId, Batch batch)
    {
        var client = beds24.GetClient(accountId);
        try
        {
            Interlocked.Increment(ref _calls);
            var results = await client.WriteBookingsAsync([.. batch.Items.Select(i => i.Booking)], CancellationToken.None).ConfigureAwait(false);
            for (var i = 0; i < batch.Items.Count; i++)
            {
                if (i < results.Count)
                {
                    batch.Items[i].Result.TrySetResult(results[i]);
                }
                else
                {
                    batch.Items[i].Result.TrySetException(new Beds24WriteOutcomeUnknownException(
                        $"Beds24 answered {results.Count} results for a write of {batch.Items.Count} bookings; this one's outcome is unknown.", null, "POST bookings"));
                }
            }
        }
        catch (Beds24ApiException ex) when (batch.Items.Count > 1 && !ex.IsTransient && ex is not Beds24AuthenticationException)
        {
            // The request as a whole was refused and nothing was written: find the item that caused it by sending each alone.
            foreach (var item in batch.Items)
            {
                try
                {
                    Interlocked.Increment(ref _calls);
                    var alone = await client.WriteBookingsAsync([item.Booking], CancellationToken.None).ConfigureAwait(false);
                    item.Result.TrySetResult(alone.Count > 0 ? alone[0] : throw new Beds24WriteOutcomeUnknownException("Beds24 answered no result for the write.", null, "POST bookings"));
                }
                catch (Exception single)
                {
                    item.Result.TrySetException(single);
                }
            }
        }
        catch (Exception ex)
        {
            foreach (var item in batch.Items)
            {
                item.Result.TrySetException(ex);
            }
        }
    }

    private sealed class Batch
    {
        public List<Item> Items { get; } = [];
    }

    private sealed record Item(Beds24Booking Booking)
    {
        public TaskCompletionSource<Beds24WriteResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
