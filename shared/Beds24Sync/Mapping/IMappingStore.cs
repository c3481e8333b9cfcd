namespace Beds24Sync.Mapping;

/// <summary>Property and room mappings, looked up from either side.</summary>
public interface IMappingStore
{
    Task<PropertyMapping?> GetPropertyByPmsIdAsync(string accountId, string pmsPropertyId, CancellationToken cancellationToken);

    Task<PropertyMapping?> GetPropertyByBeds24IdAsync(string accountId, long beds24PropertyId, CancellationToken cancellationToken);

    Task<RoomMapping?> GetRoomByPmsIdAsync(string accountId, string pmsPropertyId, string pmsRoomTypeId, CancellationToken cancellationToken);

    Task<RoomMapping?> GetRoomByBeds24IdAsync(string accountId, long beds24RoomId, CancellationToken cancellationToken);

    IAsyncEnumerable<PropertyMapping> ListPropertiesAsync(string accountId, CancellationToken cancellationToken);

    Task SavePropertyAsync(PropertyMapping mapping, CancellationToken cancellationToken);

    Task SaveRoomAsync(RoomMapping mapping, CancellationToken cancellationToken);
}
