using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Beds24Sync.Contracts;
using Beds24Sync.Storage;

namespace Beds24Sync.Accounts;

/// <summary>Beds24Accounts: one row per account (settings and secret names; the credit state lives beside it).</summary>
public sealed class TableAccountStore(StorageClients clients) : IAccountStore
{
    internal const string Partition = "account";

    private TableClient Table => clients.Table(StorageNames.Tables.Accounts);

    public async Task<Beds24Account?> GetAsync(string accountId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, TableKey.Encode(accountId), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue && row.Value!.GetString("Json") is { } json ? SyncJson.Deserialize<Beds24Account>(json) : null;
    }

    public async IAsyncEnumerable<Beds24Account> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in Table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            // A row may hold only credit state (the budget store saw the account before its settings were saved).
            if (row.GetString("Json") is { } json)
            {
                yield return SyncJson.Deserialize<Beds24Account>(json)!;
            }
        }
    }

    public async Task SaveAsync(Beds24Account account, CancellationToken cancellationToken)
    {
        // Merge keeps the credit-state columns another writer keeps on the same row.
        var row = new TableEntity(Partition, TableKey.Encode(account.AccountId)) { ["Json"] = SyncJson.Serialize(account) };
        await Table.UpsertEntityAsync(row, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(string accountId, CancellationToken cancellationToken)
    {
        try
        {
            // The SDK answers a missing row with its 404 response rather than an exception.
            var response = await Table.DeleteEntityAsync(Partition, TableKey.Encode(accountId), Azure.ETag.All, cancellationToken).ConfigureAwait(false);
            return response.Status != 404;
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }
}
