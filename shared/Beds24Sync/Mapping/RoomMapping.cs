namespace Beds24Sync.Mapping;

/// <summary>PMS room type ↔ Beds24 room (table <c>RoomMappings</c>), with the price slot of each rate plan.</summary>
public sealed record RoomMapping
{
    public required string AccountId { get; init; }
    public required string PmsPropertyId { get; init; }
    public required string PmsRoomTypeId { get; init; }
    public required long Beds24PropertyId { get; init; }
    public required long Beds24RoomId { get; init; }
    /// <summary>PMS rate plan id → Beds24 price slot (1..16). A rate plan not listed cannot be pushed.</summary>
    public IReadOnlyDictionary<string, int> PriceSlots { get; init; } = new Dictionary<string, int>();
}
