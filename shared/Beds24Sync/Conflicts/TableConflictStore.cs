using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Beds24Sync.Contracts;
using Beds24Sync.Storage;

namespace Beds24Sync.Conflicts;

/// <summary>
/// SyncConflicts: one row per conflict in one partition, RowKey = conflict id (newest first, see <see cref="ConflictIds"/>).
/// The whole record is the Json column (<see cref="LargeText"/>: snapshots may pass one property's 64 KiB); the columns
/// beside it exist to filter and count on the server. ETag-guarded. Partition <c>latest</c> indexes each reservation's
/// newest conflict, so the check every change makes is one point read, not a scan of all conflicts.
/// </summary>
public sealed class TableConflictStore(StorageClients clients) : IConflictStore
{
    private const string Partition = "conflict";
    private const string LatestPartition = "latest";

    /// <summary>Marker row: the index also covers conflicts stored before it existed.</summary>
    private const string IndexCompleteKey = "~complete";

    private volatile bool _indexComplete;
    private static readonly string[] StatsColumns = ["Status", "Type", "Rule", "Decision", "DecidedBy", "DetectedAt"];

    private TableClient Table => clients.Table(StorageNames.Tables.SyncConflicts);

    public async Task<ConflictRecord?> GetAsync(string conflictId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conflictId);
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, TableKey.Encode(conflictId), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? ToRecord(row.Value!) : null;
    }

    public async Task<ConflictRecord?> GetLatestForReservationAsync(string accountId, string reservationId, CancellationToken cancellationToken)
    {
        var index = await Table.GetEntityIfExistsAsync<TableEntity>(LatestPartition, LatestKey(accountId, reservationId), ["ConflictId"], cancellationToken).ConfigureAwait(false);
        if (index.HasValue && index.Value!.GetString("ConflictId") is { Length: > 0 } conflictId)
        {
            return await GetAsync(conflictId, cancellationToken).ConfigureAwait(false);
        }

        if (!_indexComplete)
        {
            await CompleteIndexAsync(cancellationToken).ConfigureAwait(false);
            index = await Table.GetEntityIfExistsAsync<TableEntity>(LatestPartition, LatestKey(accountId, reservationId), ["ConflictId"], cancellationToken).ConfigureAwait(false);
            if (index.HasValue && index.Value!.GetString("ConflictId") is { Length: > 0 } found)
            {
                return await GetAsync(found, cancellationToken).ConfigureAwait(false);
            }
        }

        return null;
    }

    /// <summary>Once per store (and once per table, thanks to the marker): index conflicts stored before the index existed.</summary>
    private async Task CompleteIndexAsync(CancellationToken cancellationToken)
    {
        if ((await Table.GetEntityIfExistsAsync<TableEntity>(LatestPartition, IndexCompleteKey, ["PartitionKey"], cancellationToken).ConfigureAwait(false)).HasValue)
        {
            _indexComplete = true;
            return;
        }

        var newest = new Dictionary<(string, string), (string Id, DateTimeOffset At)>();
        await foreach (var row in Table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, select: ["RowKey", "AccountId", "ReservationId", "DetectedAt"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.GetString("AccountId") is not { } account || row.GetString("ReservationId") is not { } reservation)
            {
                continue;
            }

            var at = row.GetDateTimeOffset("DetectedAt") ?? DateTimeOffset.MinValue;
            if (!newest.TryGetValue((account, reservation), out var seen) || at > seen.At)
            {
                newest[(account, reservation)] = (TableKey.Decode(row.RowKey), at);
            }
        }

        foreach (var ((account, reservation), (id, at)) in newest)
        {
            await IndexAsync(account, reservation, id, at, cancellationToken).ConfigureAwait(false);
        }

        await Table.UpsertEntityAsync(new TableEntity(LatestPartition, IndexCompleteKey), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        _indexComplete = true;
    }

    /// <summary>Points the reservation's index row at this conflict unless it already points at a newer one.</summary>
    private async Task IndexAsync(string accountId, string reservationId, string conflictId, DateTimeOffset detectedAt, CancellationToken cancellationToken)
    {
        var key = LatestKey(accountId, reservationId);
        var existing = await Table.GetEntityIfExistsAsync<TableEntity>(LatestPartition, key, ["DetectedAt"], cancellationToken).ConfigureAwait(false);
        if (existing.HasValue && existing.Value!.GetDateTimeOffset("DetectedAt") > detectedAt)
        {
            return;
        }

        await Table.UpsertEntityAsync(new TableEntity(LatestPartition, key) { ["ConflictId"] = conflictId, ["DetectedAt"] = detectedAt }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    private static string LatestKey(string accountId, string reservationId) => TableKey.Encode(accountId + "|" + reservationId);

    public Task<ConflictRecord> SaveAsync(ConflictRecord conflict, CancellationToken cancellationToken) =>
        TableErrors.GuardAsync(async () =>
        {
            var row = new TableEntity(Partition, TableKey.Encode(conflict.ConflictId))
            {
                ["AccountId"] = conflict.AccountId,
                ["ReservationId"] = conflict.ReservationId,
                ["ReservationKey"] = conflict.ReservationId.ToLowerInvariant(),
                ["Beds24BookingId"] = conflict.Beds24BookingId?.ToString(CultureInfo.InvariantCulture),
                ["PropertyId"] = conflict.PropertyId,
                ["Status"] = conflict.Status,
                ["Type"] = conflict.Type,
                ["Rule"] = conflict.Rule,
                ["Decision"] = conflict.Decision,
                ["DecidedBy"] = conflict.DecidedBy,
                ["DetectedAt"] = conflict.DetectedAt,
            };
            LargeText.Write(row, "Json", SyncJson.Serialize(conflict with { ETag = default }));
            var response = conflict.ETag == default
                ? await Table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false)
                : await Table.UpdateEntityAsync(row, conflict.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            if (conflict.ETag == default)
            {
                await IndexAsync(conflict.AccountId, conflict.ReservationId, conflict.ConflictId, conflict.DetectedAt, cancellationToken).ConfigureAwait(false);
            }

            return conflict with { ETag = response.Headers.ETag ?? default };
        }, $"Conflict {conflict.ConflictId}");

    public async IAsyncEnumerable<ConflictRecord> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in Table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return ToRecord(row);
        }
    }

    public async Task<ConflictPage> QueryAsync(ConflictFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var query = FilterOf(filter);
        var token = DecodeToken(continuationToken);
        var items = new List<ConflictRecord>(pageSize);
        try
        {
            // The service may answer with fewer rows than asked (and a token): keep asking until the page is full.
            do
            {
                var want = pageSize - items.Count;
                await foreach (var page in Table.QueryAsync<TableEntity>(query, maxPerPage: want, cancellationToken: cancellationToken).AsPages(token, want).ConfigureAwait(false))
                {
                    items.AddRange(page.Values.Select(ToRecord));
                    token = page.ContinuationToken;
                    break;
                }
            }
            while (items.Count < pageSize && token is not null);
        }
        catch (RequestFailedException ex) when (ex.Status == 400 && continuationToken is not null)
        {
            throw new ArgumentException("The continuation token is not valid; start again from the first page.", nameof(continuationToken), ex);
        }

        return new ConflictPage(items, EncodeToken(token));
    }

    public async Task<int> CountAsync(ConflictFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var count = 0;
        await foreach (var _ in Table.QueryAsync<TableEntity>(FilterOf(filter), select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            count++;
        }

        return count;
    }

    public async Task<ConflictStats> GetStatsAsync(CancellationToken cancellationToken)
    {
        var byStatus = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var byType = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var byRule = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var byDecision = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int total = 0, waiting = 0, auto = 0, byOperator = 0;
        DateTimeOffset? oldestWaiting = null;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, select: StatsColumns, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            total++;
            var status = row.GetString("Status") ?? "unknown";
            Increment(byStatus, status);
            Increment(byType, row.GetString("Type") ?? "unknown");
            Increment(byRule, row.GetString("Rule") ?? "unknown");
            if (row.GetString("Decision") is { } decision)
            {
                Increment(byDecision, decision);
            }

            if (ConflictStatuses.IsWaiting(status))
            {
                waiting++;
                var detected = row.GetDateTimeOffset("DetectedAt");
                if (detected is not null && (oldestWaiting is null || detected < oldestWaiting))
                {
                    oldestWaiting = detected;
                }
            }
            else if (status == ConflictStatuses.Resolved && row.GetString("DecidedBy") is { } who)
            {
                if (who.StartsWith("rule:", StringComparison.Ordinal))
                {
                    auto++;
                }
                else if (row.GetString("Decision") is not null)
                {
                    byOperator++;
                }
            }
        }

        return new ConflictStats(total, waiting, auto, byOperator, byStatus, byType, byRule, byDecision, oldestWaiting);
    }

    private static void Increment(SortedDictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    private static string FilterOf(ConflictFilter filter)
    {
        var parts = new List<string> { TableClient.CreateQueryFilter($"PartitionKey eq {Partition}") };
        if (!string.IsNullOrWhiteSpace(filter.PropertyId))
        {
            parts.Add(TableClient.CreateQueryFilter($"PropertyId eq {filter.PropertyId}"));
        }

        if (!string.IsNullOrWhiteSpace(filter.Status))
        {
            parts.Add(TableClient.CreateQueryFilter($"Status eq {filter.Status}"));
        }

        if (!string.IsNullOrWhiteSpace(filter.Type))
        {
            parts.Add(TableClient.CreateQueryFilter($"Type eq {filter.Type}"));
        }

        if (filter.Search?.Trim() is { Length: > 0 } search)
        {
            // Tables cannot search inside strings: a reservation id prefix is a range on the lower-cased column.
            var prefix = search.ToLowerInvariant();
            var end = prefix[..^1] + (char)(prefix[^1] + 1);
            parts.Add(TableClient.CreateQueryFilter(
                $"(ReservationKey ge {prefix} and ReservationKey lt {end}) or Beds24BookingId eq {search} or RowKey eq {TableKey.Encode(search)}"));
        }

        return string.Join(" and ", parts.Select(p => $"({p})"));
    }

    // The service's token is wrapped so callers treat it as opaque (and a tampered one fails clearly).
    private static string? EncodeToken(string? token) =>
        token is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes(token)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? DecodeToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=')));
        }
        catch (FormatException ex)
        {
            throw new ArgumentException("The continuation token is not valid; start again from the first page.", nameof(token), ex);
        }
    }

    private static ConflictRecord ToRecord(TableEntity row) =>
        (SyncJson.Deserialize<ConflictRecord>(LargeText.Read(row, "Json") ?? "null") ?? throw new InvalidOperationException($"Conflict {row.RowKey} is unreadable."))
        with
        { ETag = row.ETag };
}
