using Azure;
using Azure.Data.Tables;
using Beds24Sync.Storage;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Webhooks;

/// <summary>WebhookEvents: idempotency keys of received webhooks, kept for StorageOptions.WebhookEventRetention.</summary>
public sealed class WebhookEventStore(StorageClients clients, IOptions<StorageOptions> options, TimeProvider time) : IWebhookEventStore
{
    private TableClient Table => clients.Table(StorageNames.Tables.WebhookEvents);

    public async Task<bool> SeenAsync(string accountId, string key, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(TableKey.Encode(accountId), key, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue && row.Value!.GetDateTimeOffset("ExpiresAt") > time.GetUtcNow();
    }

    public async Task RecordAsync(string accountId, string key, long bookingId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var row = new TableEntity(TableKey.Encode(accountId), key)
        {
            ["BookingId"] = bookingId,
            ["ReceivedAt"] = now,
            ["ExpiresAt"] = now + options.Value.WebhookEventRetention,
        };
        await Table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Delete expired keys (the daily PurgeWebhookEvents timer): they no longer protect against anything. Deletes go in batches of 100 per account.</summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        var purged = 0;
        var now = time.GetUtcNow();
        var batch = new List<TableTransactionAction>();
        string? partition = null;
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"ExpiresAt lt {now}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (batch.Count == 100 || (partition is not null && row.PartitionKey != partition))
            {
                purged += await DeleteAsync(batch, cancellationToken).ConfigureAwait(false);
            }

            partition = row.PartitionKey;
            batch.Add(new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All));
        }

        return purged + await DeleteAsync(batch, cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> DeleteAsync(List<TableTransactionAction> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        var count = batch.Count;
        try
        {
            await Table.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 404)
        {
            // One row went meanwhile (another instance purging): delete the rest one by one.
            count = 0;
            foreach (var action in batch)
            {
                try
                {
                    await Table.DeleteEntityAsync(action.Entity.PartitionKey, action.Entity.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
                    count++;
                }
                catch (RequestFailedException gone) when (gone.Status == 404)
                {
                }
            }
        }

        batch.Clear();
        return count;
    }
}
