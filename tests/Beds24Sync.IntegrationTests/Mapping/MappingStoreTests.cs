using Beds24.Testing;
using Beds24Sync.Accounts;
using Beds24Sync.Mapping;
using Beds24Sync.Storage;

namespace Beds24Sync.IntegrationTests.Mapping;

/// <summary>Mappings on Azurite are one to one from both sides, and re-mapping leaves no stale reverse row; accounts can be forgotten.</summary>
[Collection(TestCollections.Azurite)]
public sealed class MappingStoreTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private StorageClients _clients = null!;

    public async Task InitializeAsync() => _clients = await azurite.ResetStorageAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static RoomMapping Room(string type, long beds24Room) =>
        new() { AccountId = "acc", PmsPropertyId = "H", PmsRoomTypeId = type, Beds24PropertyId = 5001, Beds24RoomId = beds24Room, PriceSlots = new Dictionary<string, int> { ["BAR"] = 1 } };

    [Fact]
    public async Task SaveRoomAsync_RoomTypeMovedToAnotherBeds24Room_OldBeds24RoomNoLongerFindsIt()
    {
        var store = new TableMappingStore(_clients);
        await store.SaveRoomAsync(Room("DBL", 70001), CancellationToken.None);

        await store.SaveRoomAsync(Room("DBL", 70002), CancellationToken.None);

        Assert.Null(await store.GetRoomByBeds24IdAsync("acc", 70001, CancellationToken.None));
        Assert.Equal("DBL", (await store.GetRoomByBeds24IdAsync("acc", 70002, CancellationToken.None))!.PmsRoomTypeId);
        Assert.Equal(70002, (await store.GetRoomByPmsIdAsync("acc", "H", "DBL", CancellationToken.None))!.Beds24RoomId);
        Assert.Single(await store.ListRoomsAsync("acc", CancellationToken.None).ToListAsync());
    }

    [Fact]
    public async Task SaveRoomAsync_Beds24RoomAlreadyMappedToAnotherRoomType_IsRefusedAndNothingChanges()
    {
        var store = new TableMappingStore(_clients);
        await store.SaveRoomAsync(Room("DBL", 70001), CancellationToken.None);

        var error = await Assert.ThrowsAsync<MappingException>(() => store.SaveRoomAsync(Room("TWN", 70001), CancellationToken.None));

        Assert.Contains("H/DBL", error.Message, StringComparison.Ordinal);
        Assert.Equal("DBL", (await store.GetRoomByBeds24IdAsync("acc", 70001, CancellationToken.None))!.PmsRoomTypeId);
        Assert.Null(await store.GetRoomByPmsIdAsync("acc", "H", "TWN", CancellationToken.None));
    }

    [Fact]
    public async Task SavePropertyAsync_RemappedAndConflicting_KeepsOneToOne()
    {
        var store = new TableMappingStore(_clients);
        await store.SavePropertyAsync(new PropertyMapping { AccountId = "acc", PmsPropertyId = "H", Beds24PropertyId = 5001 }, CancellationToken.None);

        await store.SavePropertyAsync(new PropertyMapping { AccountId = "acc", PmsPropertyId = "H", Beds24PropertyId = 5002, CountryCode = "GB" }, CancellationToken.None);
        await Assert.ThrowsAsync<MappingException>(() => store.SavePropertyAsync(new PropertyMapping { AccountId = "acc", PmsPropertyId = "OTHER", Beds24PropertyId = 5002 }, CancellationToken.None));

        Assert.Null(await store.GetPropertyByBeds24IdAsync("acc", 5001, CancellationToken.None));
        Assert.Equal("GB", (await store.GetPropertyByBeds24IdAsync("acc", 5002, CancellationToken.None))!.CountryCode);
        Assert.Single(await store.ListPropertiesAsync("acc", CancellationToken.None).ToListAsync());
    }

    [Fact]
    public async Task AccountStore_DeleteAsync_ForgetsTheRowOnceAndSaysWhetherThereWasOne()
    {
        var accounts = new TableAccountStore(_clients);
        await accounts.SaveAsync(new Beds24Account { AccountId = "gone", RefreshTokenSecretName = "beds24-refresh-gone" }, CancellationToken.None);

        Assert.True(await accounts.DeleteAsync("gone", CancellationToken.None));
        Assert.False(await accounts.DeleteAsync("gone", CancellationToken.None));
        Assert.Null(await accounts.GetAsync("gone", CancellationToken.None));
    }
}
