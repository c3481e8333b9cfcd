using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Beds24Sync.Mapping;

public static class MappingServiceCollectionExtensions
{
    /// <summary>Property and room mappings (tables <c>PropertyMappings</c>, <c>RoomMappings</c>). Needs <see cref="Storage.StorageServiceCollectionExtensions.AddStorage"/>. Idempotent.</summary>
    public static IServiceCollection AddMappings(this IServiceCollection services)
    {
        services.TryAddSingleton<IMappingStore, TableMappingStore>();
        return services;
    }
}
