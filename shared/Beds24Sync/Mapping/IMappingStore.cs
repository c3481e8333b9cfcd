namespace Beds24Sync.Mapping;

/// <summary>Property and room mappings, looked up from either side.</summary>
public interface IMappingStore
{
    Task<PropertyMapping?> GetPropertyByPmsIdAsync(string accountId, string pmsPropertyId, CancellationToken cancellationToken);

    Task<PropertyMapping?> GetPropertyByBeds24IdAsync(string accountId, long beds24PropertyId, CancellationToken cancellationToken);

    Task<RoomMapping?> GetRoomByPmsIdAsync(string accountId, string pmsPropertyId, string pmsRoomTypeId, CancellationToken cancellationToken);

    Task<RoomMapping?> GetRoomByBeds24IdAsync(string accountId, long beds24RoomId, CancellationToken cancellationToken);

    IAsyncEnumerable<PropertyMapping> ListPropertiesAsync(string accountId, CancellationToken cancellationToken);

    IAsyncEnumerable<RoomMapping> ListRoomsAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>
    /// Maps one to one: replaces the PMS property's earlier mapping (its old Beds24 id no longer finds it); throws
    /// <see cref="MappingException"/> when the Beds24 property already belongs to another PMS property.
    /// </summary>
    Task SavePropertyAsync(PropertyMapping mapping, CancellationToken cancellationToken);

    /// <summary>As <see cref="SavePropertyAsync"/>, for a PMS room type and a Beds24 room.</summary>
    Task SaveRoomAsync(RoomMapping mapping, CancellationToken cancellationToken);
}
