using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Beds24.Testing;
using Beds24Sync.Host;
using Beds24Sync.Storage;

namespace Beds24Sync.IntegrationTests.Operations;

/// <summary><c>serve --fresh</c> on Azurite: an earlier run's tables, queues and task-hub blobs are gone, and the engine's storage comes back empty.</summary>
[Collection(TestCollections.Azurite)]
public sealed class DemoStorageResetTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task WipeAsync_EarlierRunsState_LeavesNothingAndTheEngineRecreatesItsStorage()
    {
        var clients = await azurite.ResetStorageAsync();
        await clients.Table(StorageNames.Tables.BookingLinks).AddEntityAsync(new TableEntity("demo", "RES-1") { ["Beds24BookingId"] = 1L });
        await clients.Queue(StorageNames.Queues.PmsInbound).SendMessageAsync("e30=");
        await new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("beds24synclocal-leases").CreateIfNotExistsAsync();

        var deleted = await DemoStorageReset.WipeAsync(azurite.ConnectionString, CancellationToken.None);

        Assert.True(deleted >= StorageNames.Tables.All.Count + StorageNames.Queues.All.Count + 1, $"deleted {deleted}");
        Assert.Empty(await new TableServiceClient(azurite.ConnectionString).QueryAsync().ToListAsync());
        Assert.Empty(await new QueueServiceClient(azurite.ConnectionString).GetQueuesAsync().ToListAsync());
        Assert.Empty(await new BlobServiceClient(azurite.ConnectionString).GetBlobContainersAsync().ToListAsync());
        await new StorageInitializer(clients).EnsureCreatedAsync(CancellationToken.None);
        Assert.Empty(await clients.Table(StorageNames.Tables.BookingLinks).QueryAsync<TableEntity>().ToListAsync());
    }
}
