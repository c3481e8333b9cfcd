namespace Beds24Sync.Core;

/// <summary>
/// Credits are per Beds24 account (docs/ARCHITECTURE.md §5b), so calls of one account that start within a short window share one
/// request. The first caller of an account opens a batch; callers joining it add their items; the batch goes out when
/// no item has joined for the window (a quiet gap), when it has been open for the longest wait, or when its items reach
/// the capacity, and the sender gives each entry its own answer. The quiet gap is why a burst fills its batches: the
/// pipeline feeding a batcher delivers a burst at its own pace (tens of items a second), so a fixed window would send
/// part-filled batches, each paying the request's base credit, while a lone item still waits only the window.
/// A window of zero sends each item alone, through the same sender. The sender runs without the callers' tokens: one
/// caller giving up stops its own wait, never the others' call. Whatever the sender leaves unanswered, or an
/// exception it throws, fails the entries still waiting.
/// </summary>
/// <typeparam name="TItem">What one caller asks for.</typeparam>
/// <typeparam name="TResult">What that caller gets back.</typeparam>
public sealed class AccountBatcher<TItem, TResult>(
    TimeProvider time, Func<TimeSpan> window, int capacity, Func<TItem, int> size,
    Func<string, IReadOnlyList<BatchEntry<TItem, TResult>>, Task> send, Func<TimeSpan>? longestWait = null)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Batch> _open = new(StringComparer.Ordinal);
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
            var now = time.GetUtcNow();
            if (_open.TryGetValue(accountId, out var batch) && (batch.Weight + weight > capacity || batch.DueAt <= now))
            {
                _open.Remove(accountId);
                due.Add(batch); // no room for this item, or its time is up: that batch goes now, a new one takes it
                batch = null;
            }

            if (batch is null)
            {
                var longest = longestWait?.Invoke() ?? length;
                batch = new Batch { Window = length, ClosesBy = now + (longest > length ? longest : length) };
                _open[accountId] = batch;
                _ = CloseAfterAsync(accountId, batch, length);
            }

            batch.LastJoined = now;
            batch.Entries.Add(entry);
            batch.Weight += weight;
            if (batch.Weight >= capacity)
            {
                _open.Remove(accountId);
                due.Add(batch);
            }
        }

        foreach (var ready in due)
        {
            _ = SendAsync(accountId, ready.Entries);
        }

        return await entry.Result.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task CloseAfterAsync(string accountId, Batch batch, TimeSpan length)
    {
        var wait = length;
        while (true)
        {
            await Task.Delay(wait, time).ConfigureAwait(false);
            lock (_gate)
            {
                if (!_open.TryGetValue(accountId, out var current) || !ReferenceEquals(current, batch))
                {
                    return; // already sent when it filled up
                }

                wait = batch.DueAt - time.GetUtcNow();
                if (wait <= TimeSpan.Zero)
                {
                    _open.Remove(accountId);
                    break;
                }
            }
        }

        await SendAsync(accountId, batch.Entries).ConfigureAwait(false);
    }

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

    private sealed class Batch
    {
        public List<BatchEntry<TItem, TResult>> Entries { get; } = [];

        public int Weight { get; set; }

        public TimeSpan Window { get; init; }

        /// <summary>When it goes: a quiet window after the last item joined, at the latest at <see cref="ClosesBy"/>.</summary>
        public DateTimeOffset DueAt => LastJoined + Window < ClosesBy ? LastJoined + Window : ClosesBy;

        /// <summary>When the last item joined: the batch waits for a quiet gap after it.</summary>
        public DateTimeOffset LastJoined { get; set; }

        /// <summary>The longest wait's end: the batch goes then even while items keep joining.</summary>
        public DateTimeOffset ClosesBy { get; init; }
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
