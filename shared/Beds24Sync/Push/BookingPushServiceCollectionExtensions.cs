using Beds24Sync.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Beds24Sync.Push;

public static class BookingPushServiceCollectionExtensions
{
    /// <summary>
    /// PMS → Beds24 bookings: contract validation, booking intake and push (with its write and availability
    /// coalescers) and the stranded-change sweeper. The push queues' handlers are the workflow start handlers
    /// (Beds24Sync.Workflows), made by each host with its Durable client. Needs from other areas: storage, accounts,
    /// booking links, mappings, dead letters, IBeds24ClientFactory (AddBeds24Client), IConflictGate, SyncTelemetry.
    /// </summary>
    public static IServiceCollection AddBookingPush(this IServiceCollection services)
    {
        services.TryAddSingleton<ContractValidator>();
        services.TryAddSingleton<BookingPushIntake>();
        services.TryAddSingleton<BookingWriteCoalescer>();
        services.TryAddSingleton<AvailabilityCheckCoalescer>();
        services.TryAddSingleton<CreatedBookingFinder>();
        services.TryAddSingleton<PushReadCoalescer>();
        services.TryAddSingleton<BookingPushService>();
        services.AddOptions<PushOptions>().BindConfiguration(PushOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<PendingPushSweeper>();
        return services;
    }
}
