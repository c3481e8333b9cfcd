namespace Beds24Sync.Core;

/// <summary>
/// Credits are per Beds24 account (docs/ARCHITECTURE.md §5b), so calls of one account that start within a short window share one
/// request. The first caller of an account opens a batch for the window; callers joining it add their items; the batch
/// goes out when the window ends or its items reach the capacity, and the sender gives each entry its own answer.
/// A window of zero sends each item alone, through the same sender. The sender runs without the callers' tokens: one
/// caller giving up stops its own wait, never the others' call. Whatever the sender leaves unanswered, or an
/// exception it throws, fails the entries still waiting.
/// </summary>
/// <remarks>
/// The window adapts to the account's load, as credits are spent per call: a batch that closes on time holding at
/// least a quarter of the capacity doubles the next window (up to <see cref="MaxWindowFactor"/> times the base), so a
/// burst fills its batches; a small batch, or a quiet spell of two windows, brings it back to the base, so a lone
/// change never waits longer than the base window.
/// </remarks>
/// <typeparam name="TItem">What one caller asks for.</typeparam>
/// <typeparam name="TResult">What that caller gets back.</typeparam>
public sealed class AccountBatcher<TItem, TResult>(
    TimeProvider time, Func<TimeSpan> window, int capacity, Func<TItem, int> size,
    Func<string, IReadOnlyList<BatchEntry<TItem, TResult>>, Task> send)
{
    /// <summary>How far a busy account's window may grow, as a multiple of the base window.</summary>
    public const int MaxWindowFactor = 4;

    private readonly object _gate = new();
    private readonly Dictionary<string, Batch> _open = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Pace> _pace = new(StringComparer.Ordinal);
    private long _batches;

    /// <summary>Batches sent so far (each one is at least one Beds24 call).</summary>
    public long Batches => Interlocked.Read(ref _batches);

    public async Task<TResult> AddAsync(string accountId, TItem item, CancellationToken cancellationToken)
    {
        var entry = new BatchEntry<TItem, TResult>(item);
        var length = window();
        var weight = Math.Max(1, size(item));
        if (length <= TimeSpan.Zero || weight >= capacity)
        {
            await SendAsync(accountId, [entry]).ConfigureAwait(false);
            return await entry.Result.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        var due = new List<Batch>(2); // sent at once, outside the lock
        lock (_gate)
        {
            if (_open.TryGetValue(accountId, out var batch) && batch.Weight + weight > capacity)
            {
                _open.Remove(accountId);
                Adapt(accountId, batch.Weight, batch.Window);
                due.Add(batch); // no room for this item: that batch goes now, a new one takes it
                batch = null;
            }

            if (batch is null)
            {
                batch = new Batch(WindowFor(accountId, length));
                _open[accountId] = batch;
                _ = CloseAfterAsync(accountId, batch);
            }

            batch.Entries.Add(entry);
            batch.Weight += weight;
            if (batch.Weight >= capacity)
            {
                _open.Remove(accountId);
                Adapt(accountId, batch.Weight, batch.Window);
                due.Add(batch);
            }
        }

        foreach (var ready in due)
        {
            _ = SendAsync(accountId, ready.Entries);
        }

        return await entry.Result.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task CloseAfterAsync(string accountId, Batch batch)
    {
        await Task.Delay(batch.Window, time).ConfigureAwait(false);
        lock (_gate)
        {
            if (!_open.TryGetValue(accountId, out var current) || !ReferenceEquals(current, batch))
            {
                return; // already sent when it filled up
            }

            _open.Remove(accountId);
            Adapt(accountId, batch.Weight, batch.Window);
        }

        await SendAsync(accountId, batch.Entries).ConfigureAwait(false);
    }

    /// <summary>The window of a batch opening now (under the lock).</summary>
    private TimeSpan WindowFor(string accountId, TimeSpan baseWindow)
    {
        if (!_pace.TryGetValue(accountId, out var pace))
        {
            return baseWindow;
        }

        var now = time.GetUtcNow();
        if (now - pace.LastClosedAt > pace.Window + baseWindow + baseWindow)
        {
            _pace.Remove(accountId); // quiet since: back to the base window
            return baseWindow;
        }

        return pace.Window;
    }

    /// <summary>After a batch closed (under the lock): busy doubles the next window, small resets it.</summary>
    private void Adapt(string accountId, int weight, TimeSpan closedAfter)
    {
        var baseWindow = window();
        var now = time.GetUtcNow();
        if (weight * 4 >= capacity)
        {
            var grown = TimeSpan.FromTicks(Math.Min(closedAfter.Ticks * 2, baseWindow.Ticks * MaxWindowFactor));
            _pace[accountId] = new Pace(grown, now);
        }
        else if (weight * 20 <= capacity)
        {
            _pace.Remove(accountId);
        }
        else if (_pace.TryGetValue(accountId, out var pace))
        {
            _pace[accountId] = pace with { LastClosedAt = now };
        }
    }

    private sealed record Pace(TimeSpan Window, DateTimeOffset LastClosedAt);

    private async Task SendAsync(string accountId, IReadOnlyList<BatchEntry<TItem, TResult>> entries)
    {
        Interlocked.Increment(ref _batches);
        try
        {
            await send(accountId, entries).ConfigureAwait(false);
            foreach (var entry in entries)
            {
                entry.Fail(new InvalidOperationException("The batch was sent but gave this item no answer."));
            }
        }
        catch (Exception ex)
        {
            foreach (var entry in entries)
            {
                entry.Fail(ex);
            }
        }
    }

    private sealed class Batch(TimeSpan window)
    {
        public TimeSpan Window { get; } = window;

        public List<BatchEntry<TItem, TResult>> Entries { get; } = [];

        public int Weight { get; set; }
    }
}

/// <summary>One caller's item in an <see cref="AccountBatcher{TItem, TResult}"/> batch; answered once, first answer wins.</summary>
public sealed class BatchEntry<TItem, TResult>(TItem item)
{
    public TItem Item { get; } = item;

    internal TaskCompletionSource<TResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Complete(TResult result) => Result.TrySetResult(result);

    public void Fail(Exception exception) => Result.TrySetException(exception);
}
