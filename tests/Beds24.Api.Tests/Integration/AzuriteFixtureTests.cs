using Azure.Data.Tables;
using Beds24.Testing;
using Beds24Sync.Storage;

namespace Beds24.Api.Tests.Integration;

/// <summary>The shared Azurite fixture itself: the other test projects rely on it starting, resetting and encoding as documented.</summary>
public sealed class AzuriteFixtureTests : IClassFixture<AzuriteFixture>
{
    private readonly AzuriteFixture _azurite;

    public AzuriteFixtureTests(AzuriteFixture azurite) => _azurite = azurite;

    [Fact]
    public void ConnectionString_PointsAtLoopbackWithTheDevelopmentAccount()
    {
        Assert.Contains("AccountName=devstoreaccount1", _azurite.ConnectionString, StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", _azurite.QueueEndpoint.Host);
        Assert.Equal("127.0.0.1", _azurite.TableEndpoint.Host);
        Assert.NotEqual(_azurite.QueueEndpoint.Port, _azurite.TableEndpoint.Port);
    }

    [Fact]
    public async Task ResetAsync_AfterWrites_LeavesExactlyTheDesignLayoutEmpty()
    {
        var queues = _azurite.CreateQueueServiceClient();
        var tables = _azurite.CreateTableServiceClient();
        await _azurite.ResetAsync();
        await queues.GetQueueClient(StorageNames.Queues.PmsInbound).SendMessageAsync("{\"hello\":1}");
        await queues.CreateQueueAsync("scratch-queue");
        await tables.GetTableClient(StorageNames.Tables.BookingLinks).AddEntityAsync(new TableEntity("p", "r"));
        await tables.CreateTableAsync("ScratchTable");

        await _azurite.ResetAsync();

        var queueNames = new List<string>();
        await foreach (var queue in queues.GetQueuesAsync())
        {
            queueNames.Add(queue.Name);
        }

        var tableNames = new List<string>();
        await foreach (var table in tables.QueryAsync())
        {
            tableNames.Add(table.Name);
        }

        Assert.Equal(StorageNames.Queues.All.Order(), queueNames.Order());
        Assert.Equal(StorageNames.Tables.All.Concat(StorageNames.Tables.Internal).Order(StringComparer.OrdinalIgnoreCase), tableNames.Order(StringComparer.OrdinalIgnoreCase));
        var properties = await queues.GetQueueClient(StorageNames.Queues.PmsInbound).GetPropertiesAsync();
        Assert.Equal(0, properties.Value.ApproximateMessagesCount);
        Assert.Empty(await tables.GetTableClient(StorageNames.Tables.BookingLinks).QueryAsync<TableEntity>().ToListAsync());
    }

    [Fact]
    public async Task CreateQueueServiceClient_SendsBase64_AsTheFunctionsTriggerExpects()
    {
        await _azurite.ResetAsync();
        var queue = _azurite.CreateQueueServiceClient().GetQueueClient(StorageNames.Queues.PushBookings);
        await queue.SendMessageAsync("{\"a\":\"é\"}");

        // A client without Base64 decoding sees the raw stored text.
        var raw = new Azure.Storage.Queues.QueueClient(_azurite.ConnectionString, queue.Name);
        var peeked = await raw.PeekMessageAsync();

        Assert.Equal("{\"a\":\"é\"}", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(peeked.Value.Body.ToString())));
    }
}
