using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Beds24Sync.Conflicts;
using Beds24Sync.Storage;

namespace Beds24Sync.Tests.Conflicts;

/// <summary>An <see cref="IConflictStore"/> with the table store's ETag rules (stale ETag or duplicate insert → ConcurrencyConflictException).</summary>
internal sealed class InMemoryConflictStore : IConflictStore
{
    private readonly Dictionary<string, ConflictRecord> _rows = new(StringComparer.Ordinal);
    private int _etag;

    /// <summary>Runs inside SaveAsync before the ETag check: lets a test slip in a competing write.</summary>
    public Func<ConflictRecord, Task>? BeforeSave { get; set; }

    public int Saves { get; private set; }

    public IReadOnlyCollection<ConflictRecord> All => _rows.Values;

    public Task<ConflictRecord?> GetAsync(string conflictId, CancellationToken cancellationToken) =>
        Task.FromResult(_rows.GetValueOrDefault(conflictId));

    public Task<ConflictRecord?> GetLatestForReservationAsync(string accountId, string reservationId, CancellationToken cancellationToken) =>
        Task.FromResult(_rows.Values.Where(c => c.AccountId == accountId && c.ReservationId == reservationId).MaxBy(c => c.DetectedAt));

    public async Task<ConflictRecord> SaveAsync(ConflictRecord conflict, CancellationToken cancellationToken)
    {
        if (BeforeSave is { } hook)
        {
            BeforeSave = null;
            await hook(conflict);
        }

        var exists = _rows.TryGetValue(conflict.ConflictId, out var stored);
        if (conflict.ETag == default ? exists : !exists || stored!.ETag != conflict.ETag)
        {
            throw new ConcurrencyConflictException($"Conflict {conflict.ConflictId} was changed by someone else.", new RequestFailedException(412, "stale"));
        }

        Saves++;
        var saved = conflict with { ETag = new ETag((++_etag).ToString(CultureInfo.InvariantCulture)) };
        _rows[conflict.ConflictId] = saved;
        return saved;
    }

    public async IAsyncEnumerable<ConflictRecord> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var row in _rows.Values.OrderBy(c => c.ConflictId, StringComparer.Ordinal).ToList())
        {
            yield return row;
        }
    }

    public Task<ConflictPage> QueryAsync(ConflictFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var start = continuationToken is null ? 0 : int.TryParse(continuationToken, out var s) ? s : throw new ArgumentException("The continuation token is not valid.", nameof(continuationToken));
        var matching = Matching(filter).ToList();
        var items = matching.Skip(start).Take(pageSize).ToList();
        var next = start + items.Count < matching.Count ? (start + items.Count).ToString(CultureInfo.InvariantCulture) : null;
        return Task.FromResult(new ConflictPage(items, next));
    }

    public Task<int> CountAsync(ConflictFilter filter, CancellationToken cancellationToken) => Task.FromResult(Matching(filter).Count());

    public Task<ConflictStats> GetStatsAsync(CancellationToken cancellationToken)
    {
        var all = _rows.Values.ToList();
        static IReadOnlyDictionary<string, int> By(IEnumerable<string?> keys) => keys.OfType<string>().GroupBy(k => k).ToDictionary(g => g.Key, g => g.Count());
        return Task.FromResult(new ConflictStats(all.Count,
            all.Count(c => ConflictStatuses.IsWaiting(c.Status)),
            all.Count(c => c.Status == ConflictStatuses.Resolved && c.DecidedBy?.StartsWith("rule:", StringComparison.Ordinal) == true),
            all.Count(c => c.Status == ConflictStatuses.Resolved && c.Decision is not null && c.DecidedBy?.StartsWith("rule:", StringComparison.Ordinal) == false),
            By(all.Select(c => c.Status)), By(all.Select(c => c.Type)), By(all.Select(c => c.Rule)), By(all.Select(c => c.Decision)),
            all.Where(c => ConflictStatuses.IsWaiting(c.Status)).Select(c => (DateTimeOffset?)c.DetectedAt).Min()));
    }

    private IEnumerable<ConflictRecord> Matching(ConflictFilter f) => _rows.Values
        .Where(c => (f.PropertyId is null || c.PropertyId == f.PropertyId) && (f.Status is null || c.Status == f.Status) && (f.Type is null || c.Type == f.Type)
            && (f.Search is null || c.ReservationId.StartsWith(f.Search, StringComparison.OrdinalIgnoreCase) || c.ConflictId == f.Search
                || c.Beds24BookingId?.ToString(CultureInfo.InvariantCulture) == f.Search))
        .OrderBy(c => c.ConflictId, StringComparer.Ordinal);
}
