using Beds24Sync.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Beds24Sync.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Azure Storage plumbing for the engine: options from section <c>Storage</c> (validated at start-up), the
    /// clients, the initializer (every queue and table of the layout) and the queue publisher. Each feature registers
    /// its own table store (AddAccounts, AddBookingLinks, AddMappings, AddDeadLetters, AddCalendarPush). Idempotent.
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString) || (o.QueueServiceUri is not null && o.TableServiceUri is not null),
                "Set Storage:ConnectionString (UseDevelopmentStorage=true for Azurite) or both Storage:QueueServiceUri and Storage:TableServiceUri.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StorageClients>();
        services.TryAddSingleton<StorageInitializer>();
        services.TryAddSingleton<IQueuePublisher, AzureQueuePublisher>();
        return services;
    }
}
