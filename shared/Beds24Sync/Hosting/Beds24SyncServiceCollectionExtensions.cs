using Beds24.Api;
using Beds24Sync.Accounts;
using Beds24Sync.Alerts;
using Beds24Sync.BookingLinks;
using Beds24Sync.Calendar;
using Beds24Sync.Conflicts;
using Beds24Sync.DeadLetters;
using Beds24Sync.Inbound;
using Beds24Sync.Mapping;
using Beds24Sync.Operations;
using Beds24Sync.Push;
using Beds24Sync.Queues;
using Beds24Sync.Secrets;
using Beds24Sync.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Beds24Sync.Hosting;

/// <summary>The composition root of the sync engine, shared by the Functions app and the local host.</summary>
public static class Beds24SyncServiceCollectionExtensions
{
    /// <summary>
    /// Everything the engine needs, each area through its own extension: secrets, operations and alerts, the Beds24
    /// client, storage, the stores of accounts, booking links, mappings and dead letters, the PMS → Beds24 flows
    /// (bookings, calendar), the Beds24 → PMS flows and conflicts. Every options class is bound
    /// to its configuration section and validated at start-up. Idempotent; hosts add only their triggers or workers.
    /// </summary>
    public static IServiceCollection AddBeds24Sync(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();

        services.AddBeds24Secrets();
        services.AddBeds24Operations();
        services.AddBeds24Alerts();
        services.AddBeds24Client();
        services.AddStorage();
        services.AddAccounts();
        services.AddBookingLinks();
        services.AddMappings();
        services.AddDeadLetters();
        services.AddBookingPush();
        services.AddCalendarPush();
        services.AddBeds24Inbound();
        services.AddConflicts();

        // Hosts that poll queues (the local host, the tests) run one worker per handler; AddBookingPush registers the
        // two push handlers, the inbound one is registered here. Functions use queue triggers instead.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IQueueMessageHandler, InboundQueueHandler>());
        return services;
    }
}
