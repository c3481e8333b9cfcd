using System.Globalization;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Beds24Sync.Contracts;
using Beds24Sync.Storage;

namespace Beds24Sync.Mapping;

/// <summary>
/// PropertyMappings and RoomMappings, each stored under both ids (<c>pms|…</c> and <c>b24|…</c> row keys) so either
/// side's id finds the mapping with one point read.
/// </summary>
public sealed class TableMappingStore(StorageClients clients) : IMappingStore
{
    private TableClient Properties => clients.Table(StorageNames.Tables.PropertyMappings);

    private TableClient Rooms => clients.Table(StorageNames.Tables.RoomMappings);

    public Task<PropertyMapping?> GetPropertyByPmsIdAsync(string accountId, string pmsPropertyId, CancellationToken cancellationToken) =>
        ReadAsync<PropertyMapping>(Properties, accountId, "pms|" + TableKey.Encode(pmsPropertyId), cancellationToken);

    public Task<PropertyMapping?> GetPropertyByBeds24IdAsync(string accountId, long beds24PropertyId, CancellationToken cancellationToken) =>
        ReadAsync<PropertyMapping>(Properties, accountId, "b24|" + Id(beds24PropertyId), cancellationToken);

    public Task<RoomMapping?> GetRoomByPmsIdAsync(string accountId, string pmsPropertyId, string pmsRoomTypeId, CancellationToken cancellationToken) =>
        ReadAsync<RoomMapping>(Rooms, accountId, $"pms|{TableKey.Encode(pmsPropertyId)}|{TableKey.Encode(pmsRoomTypeId)}", cancellationToken);

    public Task<RoomMapping?> GetRoomByBeds24IdAsync(string accountId, long beds24RoomId, CancellationToken cancellationToken) =>
        ReadAsync<RoomMapping>(Rooms, accountId, "b24|" + Id(beds24RoomId), cancellationToken);

    public async IAsyncEnumerable<PropertyMapping> ListPropertiesAsync(string accountId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKey.Encode(accountId)} and RowKey ge {"pms|"} and RowKey lt {"pms}"}");
        await foreach (var row in Properties.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return SyncJson.Deserialize<PropertyMapping>(row.GetString("Json"))!;
        }
    }

    public async IAsyncEnumerable<RoomMapping> ListRoomsAsync(string accountId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKey.Encode(accountId)} and RowKey ge {"pms|"} and RowKey lt {"pms}"}");
        await foreach (var row in Rooms.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return SyncJson.Deserialize<RoomMapping>(row.GetString("Json"))!;
        }
    }

    public async Task SavePropertyAsync(PropertyMapping mapping, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        var taken = await GetPropertyByBeds24IdAsync(mapping.AccountId, mapping.Beds24PropertyId, cancellationToken).ConfigureAwait(false);
        if (taken is not null && taken.PmsPropertyId != mapping.PmsPropertyId)
        {
            throw new MappingException($"Beds24 property {mapping.Beds24PropertyId} is already mapped to PMS property '{taken.PmsPropertyId}' in account '{mapping.AccountId}'; mappings are one to one. Map that PMS property elsewhere first.");
        }

        var earlier = await GetPropertyByPmsIdAsync(mapping.AccountId, mapping.PmsPropertyId, cancellationToken).ConfigureAwait(false);
        await WriteBothAsync(Properties, mapping.AccountId, SyncJson.Serialize(mapping),
            "pms|" + TableKey.Encode(mapping.PmsPropertyId), "b24|" + Id(mapping.Beds24PropertyId),
            earlier is not null && earlier.Beds24PropertyId != mapping.Beds24PropertyId ? "b24|" + Id(earlier.Beds24PropertyId) : null, cancellationToken).ConfigureAwait(false);
    }

    public async Task SaveRoomAsync(RoomMapping mapping, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        var taken = await GetRoomByBeds24IdAsync(mapping.AccountId, mapping.Beds24RoomId, cancellationToken).ConfigureAwait(false);
        if (taken is not null && (taken.PmsPropertyId != mapping.PmsPropertyId || taken.PmsRoomTypeId != mapping.PmsRoomTypeId))
        {
            throw new MappingException($"Beds24 room {mapping.Beds24RoomId} is already mapped to PMS room type '{taken.PmsPropertyId}/{taken.PmsRoomTypeId}' in account '{mapping.AccountId}'; mappings are one to one. Map that room type elsewhere first.");
        }

        var earlier = await GetRoomByPmsIdAsync(mapping.AccountId, mapping.PmsPropertyId, mapping.PmsRoomTypeId, cancellationToken).ConfigureAwait(false);
        await WriteBothAsync(Rooms, mapping.AccountId, SyncJson.Serialize(mapping),
            $"pms|{TableKey.Encode(mapping.PmsPropertyId)}|{TableKey.Encode(mapping.PmsRoomTypeId)}", "b24|" + Id(mapping.Beds24RoomId),
            earlier is not null && earlier.Beds24RoomId != mapping.Beds24RoomId ? "b24|" + Id(earlier.Beds24RoomId) : null, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<T?> ReadAsync<T>(TableClient table, string accountId, string rowKey, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(TableKey.Encode(accountId), rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? SyncJson.Deserialize<T>(row.Value!.GetString("Json")) : default;
    }

    /// <summary>Both rows in one transaction, and the row of the Beds24 id it was mapped to before gone with them.</summary>
    private static async Task WriteBothAsync(TableClient table, string accountId, string json, string pmsKey, string beds24Key, string? staleBeds24Key, CancellationToken cancellationToken)
    {
        var pk = TableKey.Encode(accountId);
        List<TableTransactionAction> actions =
        [
            new(TableTransactionActionType.UpsertReplace, new TableEntity(pk, pmsKey) { ["Json"] = json }),
            new(TableTransactionActionType.UpsertReplace, new TableEntity(pk, beds24Key) { ["Json"] = json }),
        ];
        if (staleBeds24Key is not null)
        {
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(pk, staleBeds24Key), Azure.ETag.All));
        }

        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 404 && staleBeds24Key is not null)
        {
            // The stale row was already gone (removed by hand): nothing to delete.
            await WriteBothAsync(table, accountId, json, pmsKey, beds24Key, null, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
