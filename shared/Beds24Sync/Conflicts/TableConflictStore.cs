using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Beds24Sync.Contracts;
using Beds24Sync.Storage;

namespace Beds24Sync.Conflicts;

/// <summary>SyncConflicts: one row per conflict (JSON plus filterable columns), ETag-guarded.</summary>
public sealed class TableConflictStore(StorageClients clients) : IConflictStore
{
    private const string Partition = "conflict";

    private TableClient Table => clients.Table(StorageNames.Tables.SyncConflicts);

    public async Task<ConflictRecord?> GetAsync(string conflictId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, TableKey.Encode(conflictId), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? ToRecord(row.Value!) : null;
    }

    public async Task<ConflictRecord?> GetLatestForReservationAsync(string accountId, string reservationId, CancellationToken cancellationToken)
    {
        ConflictRecord? latest = null;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and AccountId eq {accountId} and ReservationId eq {reservationId}");
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var record = ToRecord(row);
            if (latest is null || record.DetectedAt > latest.DetectedAt)
            {
                latest = record;
            }
        }

        return latest;
    }

    public Task<ConflictRecord> SaveAsync(ConflictRecord conflict, CancellationToken cancellationToken) =>
        TableErrors.GuardAsync(async () =>
        {
            var row = new TableEntity(Partition, TableKey.Encode(conflict.ConflictId))
            {
                ["Json"] = SyncJson.Serialize(conflict with { ETag = default }),
                ["AccountId"] = conflict.AccountId,
                ["ReservationId"] = conflict.ReservationId,
                ["PropertyId"] = conflict.PropertyId,
                ["Status"] = conflict.Status,
                ["Type"] = conflict.Type,
            };
            var response = conflict.ETag == default
                ? await Table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false)
                : await Table.UpdateEntityAsync(row, conflict.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return conflict with { ETag = response.Headers.ETag ?? default };
        }, $"Conflict {conflict.ConflictId}");

    public async IAsyncEnumerable<ConflictRecord> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in Table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return ToRecord(row);
        }
    }

    private static ConflictRecord ToRecord(TableEntity row) =>
        (SyncJson.Deserialize<ConflictRecord>(row.GetString("Json")) ?? throw new InvalidOperationException($"Conflict {row.RowKey} is unreadable."))
        with
        { ETag = row.ETag };
}
