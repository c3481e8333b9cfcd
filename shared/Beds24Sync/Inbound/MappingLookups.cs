using System.Collections.Concurrent;
using Beds24Sync.Mapping;

namespace Beds24Sync.Inbound;

/// <summary>Room and property mappings read once per batch instead of once per booking.</summary>
internal sealed class MappingLookups(IMappingStore mappings, string accountId)
{
    private readonly ConcurrentDictionary<long, Lazy<Task<RoomMapping?>>> _rooms = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<PropertyMapping?>>> _properties = new(StringComparer.Ordinal);

    public Task<RoomMapping?> RoomAsync(long beds24RoomId, CancellationToken cancellationToken) =>
        _rooms.GetOrAdd(beds24RoomId, id => new Lazy<Task<RoomMapping?>>(() => mappings.GetRoomByBeds24IdAsync(accountId, id, cancellationToken))).Value;

    public Task<PropertyMapping?> PropertyAsync(string pmsPropertyId, CancellationToken cancellationToken) =>
        _properties.GetOrAdd(pmsPropertyId, id => new Lazy<Task<PropertyMapping?>>(() => mappings.GetPropertyByPmsIdAsync(accountId, id, cancellationToken))).Value;
}
