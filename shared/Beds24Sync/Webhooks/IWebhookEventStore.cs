namespace Beds24Sync.Webhooks;

/// <summary>Idempotency keys of received webhooks (table WebhookEvents), each with an expiry.</summary>
public interface IWebhookEventStore
{
    /// <returns>True when the key was recorded and has not expired.</returns>
    Task<bool> SeenAsync(string accountId, string key, CancellationToken cancellationToken);

    Task RecordAsync(string accountId, string key, long bookingId, CancellationToken cancellationToken);

    /// <summary>Delete expired keys; returns how many.</summary>
    Task<int> PurgeExpiredAsync(CancellationToken cancellationToken);
}
