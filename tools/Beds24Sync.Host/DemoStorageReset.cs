using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Beds24Sync.Host;

/// <summary>
/// <c>serve --fresh</c>: the simulator starts empty every run and hands out the same booking ids again, so a demo on
/// an Azurite that kept an earlier run's links dead-letters "already bound". A fresh start empties that Azurite —
/// every table, queue and blob container, the Durable task hub's too — and is refused for any storage that is not
/// the local emulator, so it can never touch a real account.
/// </summary>
public static class DemoStorageReset
{
    /// <summary>True for the development storage shortcut and for explicit endpoints on this machine.</summary>
    public static bool IsLocalEmulator(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return false;
        }

        if (connectionString.Replace(" ", "", StringComparison.Ordinal).Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var endpoints = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(kv => kv.Length == 2 && kv[0].EndsWith("Endpoint", StringComparison.OrdinalIgnoreCase))
            .Select(kv => Uri.TryCreate(kv[1], UriKind.Absolute, out var uri) ? uri : null)
            .ToList();
        return endpoints.Count > 0 && endpoints.All(uri => uri is not null && (uri.IsLoopback || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)));
    }

    /// <returns>How many tables, queues and containers were deleted.</returns>
    public static async Task<int> WipeAsync(string connectionString, CancellationToken cancellationToken)
    {
        if (!IsLocalEmulator(connectionString))
        {
            throw new InvalidOperationException("--fresh empties the storage, so it only runs against Azurite on this machine (UseDevelopmentStorage=true or 127.0.0.1 endpoints); this storage is not.");
        }

        var deleted = 0;
        var tables = new TableServiceClient(connectionString);
        await foreach (var table in tables.QueryAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            await tables.DeleteTableAsync(table.Name, cancellationToken).ConfigureAwait(false);
            deleted++;
        }

        var queues = new QueueServiceClient(connectionString);
        await foreach (var queue in queues.GetQueuesAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            await queues.DeleteQueueAsync(queue.Name, cancellationToken).ConfigureAwait(false);
            deleted++;
        }

        var blobs = new BlobServiceClient(connectionString);
        await foreach (var container in blobs.GetBlobContainersAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            await blobs.DeleteBlobContainerAsync(container.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
            deleted++;
        }

        return deleted;
    }
}
