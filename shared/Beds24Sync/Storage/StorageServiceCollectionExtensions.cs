using Beds24.Api.Credits;
using Beds24Sync.Accounts;
using Beds24Sync.BookingLinks;
using Beds24Sync.Calendar;
using Beds24Sync.DeadLetters;
using Beds24Sync.Mapping;
using Beds24Sync.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Beds24Sync.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Azure Storage for the engine: options from section <c>Storage</c> (validated at start-up), the clients, the
    /// initializer, the queue publisher and the table stores (booking links, mappings, accounts, dead letters,
    /// calendar pending cells) and the shared credit budget. Idempotent. The dead-letter store needs an
    /// <see cref="Alerts.IAlertNotifier"/>, registered by the composition root.
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
        services.TryAddSingleton<DeadLetters.PoisonQueueDrainer>();
        services.TryAddSingleton<IQueuePublisher, AzureQueuePublisher>();
        services.TryAddSingleton<IBookingLinkStore, TableBookingLinkStore>();
        services.TryAddSingleton<IMappingStore, TableMappingStore>();
        services.TryAddSingleton<IAccountStore, TableAccountStore>();
        services.TryAddSingleton<IDeadLetterStore, TableDeadLetterStore>();
        services.TryAddSingleton<CalendarPendingStore>();
        // Every instance must share one budget per Beds24 account: this replaces Beds24.Api's in-memory default.
        services.Replace(ServiceDescriptor.Singleton<ICreditBudgetStore, TableCreditBudgetStore>());
        return services;
    }
}
