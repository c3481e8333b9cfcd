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

    /// <summary>Delete expired keys (run daily): they no longer protect against anything.</summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        var purged = 0;
        var now = time.GetUtcNow();
        await foreach (var row in Table.QueryAsync<TableEntity>(e => e.GetDateTimeOffset("ExpiresAt") < now, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await Table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
                purged++;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
            }
        }

        return purged;
    }
}
