using Beds24Sync.Mapping;
using Moq;

namespace Beds24Sync.Tests.Mapping;

/// <summary>A mappings file is checked as a whole: everything it would save, or every reason it cannot be saved.</summary>
public sealed class MappingImportTests
{
    /// <summary>An account with no mappings yet.</summary>
    private static readonly IMappingStore NothingMapped = new Mock<IMappingStore>().Object;

    private static MappingImport Parse(string json)
    {
        var (import, error) = MappingImport.Parse(json);
        Assert.Null(error);
        return import!;
    }

    [Fact]
    public async Task PlanAsync_PropertiesAndRooms_MapsRoomsToTheirPropertysBeds24Id()
    {
        var import = Parse("""
            { "properties": [ { "pmsPropertyId": "HARBOUR", "beds24PropertyId": 5001, "countryCode": "gb", "currency": "gbp" } ],
              "rooms": [ { "pmsPropertyId": "HARBOUR", "pmsRoomTypeId": "DBL", "beds24RoomId": 70001, "priceSlots": { "BAR": 1, "NRF": 2 } } ] }
            """);

        var (properties, rooms, errors) = await import.PlanAsync("demo", NothingMapped, CancellationToken.None);

        Assert.Empty(errors);
        Assert.Equal("GB", Assert.Single(properties).CountryCode);
        var room = Assert.Single(rooms);
        Assert.Equal(("demo", 5001L, 70001L, 2), (room.AccountId, room.Beds24PropertyId, room.Beds24RoomId, room.PriceSlots["NRF"]));
    }

    [Fact]
    public async Task PlanAsync_RoomOfAPropertyMappedEarlier_UsesTheStoredMapping()
    {
        var import = Parse("""{ "rooms": [ { "pmsPropertyId": "H", "pmsRoomTypeId": "TWN", "beds24RoomId": 70002 } ] }""");

        var store = new Mock<IMappingStore>();
        store.Setup(s => s.GetPropertyByPmsIdAsync("demo", "H", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new PropertyMapping { AccountId = "demo", PmsPropertyId = "H", Beds24PropertyId = 6001 });

        var (_, rooms, errors) = await import.PlanAsync("demo", store.Object, CancellationToken.None);

        Assert.Empty(errors);
        Assert.Equal(6001, Assert.Single(rooms).Beds24PropertyId);
    }

    [Fact]
    public async Task PlanAsync_EveryProblem_IsReportedWithItsPlaceAndNothingIsPlanned()
    {
        var import = Parse("""
            { "properties": [ { "pmsPropertyId": "A", "beds24PropertyId": 1 }, { "pmsPropertyId": "B", "beds24PropertyId": 1 }, { "beds24PropertyId": 2 },
                              { "pmsPropertyId": "C", "beds24PropertyId": 0 }, { "pmsPropertyId": "D", "beds24PropertyId": 4, "countryCode": "GBR" } ],
              "rooms": [ { "pmsPropertyId": "A", "pmsRoomTypeId": "X", "beds24RoomId": 10, "priceSlots": { "BAR": 17 } },
                         { "pmsPropertyId": "A", "pmsRoomTypeId": "Y", "beds24RoomId": 10 },
                         { "pmsPropertyId": "NOPE", "pmsRoomTypeId": "Z", "beds24RoomId": 11 },
                         { "pmsPropertyId": "A", "pmsRoomTypeId": "W", "beds24RoomId": 12, "beds24PropertyId": 99 } ] }
            """);

        var (properties, rooms, errors) = await import.PlanAsync("demo", NothingMapped, CancellationToken.None);

        Assert.Empty(properties);
        Assert.Empty(rooms);
        Assert.Contains(errors, e => e.StartsWith("properties[1]", StringComparison.Ordinal) && e.Contains("one to one", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("properties[2].pmsPropertyId", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("properties[3].beds24PropertyId", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("properties[4].countryCode", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("rooms[0].priceSlots", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("rooms[1]", StringComparison.Ordinal) && e.Contains("Beds24 room 10", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("rooms[2]", StringComparison.Ordinal) && e.Contains("not mapped", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("rooms[3].beds24PropertyId", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{ "properties": [ { "pmsPropertyId": "A", "beds24PropertyID": 1, "bedz": 2 } ] }""")]
    [InlineData("""{ "rooms": { "pmsPropertyId": "A" } }""")]
    [InlineData("null")]
    public void Parse_NotAMappingsFile_SaysWhatWasExpected(string text)
    {
        var (import, error) = MappingImport.Parse(text);

        Assert.Null(import);
        Assert.Contains("\"properties\"", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_TheDocumentedExampleFile_PlansWithoutErrors()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "docs", "examples", "mappings.json")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        var import = Parse(await File.ReadAllTextAsync(Path.Combine(dir!.FullName, "docs", "examples", "mappings.json")));

        var (properties, rooms, errors) = await import.PlanAsync("harbour", NothingMapped, CancellationToken.None);

        Assert.Empty(errors);
        Assert.Single(properties);
        Assert.Equal(2, rooms.Count);
    }

    [Fact]
    public async Task PlanAsync_Beds24IdsAlreadyMappedToOtherPmsIds_AreRefusedBeforeAnythingIsSaved()
    {
        var store = new Mock<IMappingStore>();
        store.Setup(s => s.GetPropertyByBeds24IdAsync("demo", 5001, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new PropertyMapping { AccountId = "demo", PmsPropertyId = "HARBOUR", Beds24PropertyId = 5001 });
        store.Setup(s => s.GetPropertyByBeds24IdAsync("demo", 5002, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new PropertyMapping { AccountId = "demo", PmsPropertyId = "OTHER", Beds24PropertyId = 5002 });
        store.Setup(s => s.GetRoomByBeds24IdAsync("demo", 70002, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new RoomMapping { AccountId = "demo", PmsPropertyId = "HARBOUR", PmsRoomTypeId = "STE", Beds24PropertyId = 5001, Beds24RoomId = 70002 });
        var import = Parse("""
            { "properties": [ { "pmsPropertyId": "HARBOUR", "beds24PropertyId": 5001 }, { "pmsPropertyId": "NEW", "beds24PropertyId": 5002 } ],
              "rooms": [ { "pmsPropertyId": "HARBOUR", "pmsRoomTypeId": "FAM", "beds24RoomId": 70002 } ] }
            """);

        var (properties, rooms, errors) = await import.PlanAsync("demo", store.Object, CancellationToken.None);

        Assert.Empty(properties);
        Assert.Empty(rooms);
        Assert.Equal(2, errors.Count); // re-importing HARBOUR → 5001 is fine; NEW → 5002 and FAM → 70002 are not
        Assert.Contains(errors, e => e.StartsWith("properties[1]", StringComparison.Ordinal) && e.Contains("'OTHER'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("rooms[0]", StringComparison.Ordinal) && e.Contains("'HARBOUR/STE'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PlanAsync_EmptyFile_IsRefused()
    {
        var (_, _, errors) = await Parse("{}").PlanAsync("demo", NothingMapped, CancellationToken.None);

        Assert.Contains(errors, e => e.Contains("maps nothing", StringComparison.Ordinal));
    }
}
