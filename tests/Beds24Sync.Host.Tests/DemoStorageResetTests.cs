using Beds24Sync.Host;

namespace Beds24Sync.Host.Tests;

/// <summary><c>serve --fresh</c> empties only the local emulator: anything that could be a real storage account is refused.</summary>
public sealed class DemoStorageResetTests
{
    [Theory]
    [InlineData("UseDevelopmentStorage=true")]
    [InlineData("usedevelopmentstorage = true")]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=abc;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;TableEndpoint=http://localhost:10002/devstoreaccount1")]
    public void IsLocalEmulator_AzuriteOnThisMachine_IsTrue(string connection) => Assert.True(DemoStorageReset.IsLocalEmulator(connection));

    [Theory]
    [InlineData("")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=harbour;AccountKey=abc;EndpointSuffix=core.windows.net")]
    [InlineData("BlobEndpoint=http://127.0.0.1:10000/x;QueueEndpoint=https://harbour.queue.core.windows.net/;TableEndpoint=http://127.0.0.1:10002/x")]
    [InlineData("AccountName=devstoreaccount1")]
    public void IsLocalEmulator_AnythingElse_IsFalse(string connection) => Assert.False(DemoStorageReset.IsLocalEmulator(connection));

    [Fact]
    public async Task WipeAsync_RealStorage_IsRefusedBeforeAnyCall()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            DemoStorageReset.WipeAsync("DefaultEndpointsProtocol=https;AccountName=harbour;AccountKey=YWJj;EndpointSuffix=core.windows.net", CancellationToken.None));

        Assert.Contains("only runs against Azurite", error.Message, StringComparison.Ordinal);
    }
}
