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

    public Task SavePropertyAsync(PropertyMapping mapping, CancellationToken cancellationToken) =>
        WriteBothAsync(Properties, mapping.AccountId, SyncJson.Serialize(mapping),
            "pms|" + TableKey.Encode(mapping.PmsPropertyId), "b24|" + Id(mapping.Beds24PropertyId), cancellationToken);

    public Task SaveRoomAsync(RoomMapping mapping, CancellationToken cancellationToken) =>
        WriteBothAsync(Rooms, mapping.AccountId, SyncJson.Serialize(mapping),
            $"pms|{TableKey.Encode(mapping.PmsPropertyId)}|{TableKey.Encode(mapping.PmsRoomTypeId)}", "b24|" + Id(mapping.Beds24RoomId), cancellationToken);

    private static async Task<T?> ReadAsync<T>(TableClient table, string accountId, string rowKey, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(TableKey.Encode(accountId), rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? SyncJson.Deserialize<T>(row.Value!.GetString("Json")) : default;
    }

    private static async Task WriteBothAsync(TableClient table, string accountId, string json, string pmsKey, string beds24Key, CancellationToken cancellationToken)
    {
        var pk = TableKey.Encode(accountId);
        await table.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(pk, pmsKey) { ["Json"] = json }),
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(pk, beds24Key) { ["Json"] = json }),
        ], cancellationToken).ConfigureAwait(false);
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
