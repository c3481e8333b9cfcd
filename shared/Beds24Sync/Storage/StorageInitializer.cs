namespace Beds24Sync.Storage;

/// <summary>Creates every queue and table of docs/ARCHITECTURE.md §3 (idempotent). Run once at start-up.</summary>
public sealed class StorageInitializer(StorageClients clients)
{
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        foreach (var queue in StorageNames.Queues.All)
        {
            await clients.Queue(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        foreach (var table in StorageNames.Tables.All.Concat(StorageNames.Tables.Internal))
        {
            await clients.Tables.CreateTableIfNotExistsAsync(table, cancellationToken).ConfigureAwait(false);
        }
    }
}
