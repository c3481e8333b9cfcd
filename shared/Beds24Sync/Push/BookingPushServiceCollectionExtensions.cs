using Beds24Sync.Calendar;
using Beds24Sync.DeadLetters;
using Beds24Sync.Queues;
using Beds24Sync.Storage;
using Beds24Sync.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Beds24Sync.Push;

public static class BookingPushServiceCollectionExtensions
{
    /// <summary>
    /// PMS → Beds24: contract validation, booking intake and push, the stranded-change sweeper, calendar intake and
    /// flush and the shared queue failure policy. The two push queues' handlers are the workflow start handlers
    /// (Beds24Sync.Workflows), made by each host with its Durable client. Adds <see cref="StorageServiceCollectionExtensions.AddStorage"/>.
    /// Needs from other areas: IBeds24ClientFactory (AddBeds24Client), IConflictGate, SyncTelemetry, IAlertNotifier.
    /// </summary>
    public static IServiceCollection AddBookingPush(this IServiceCollection services)
    {
        services.AddStorage();
        services.TryAddSingleton<ContractValidator>();
        services.TryAddSingleton<BookingPushIntake>();
        services.TryAddSingleton<BookingWriteCoalescer>();
        services.TryAddSingleton<AvailabilityCheckCoalescer>();
        services.TryAddSingleton<BookingPushService>();
        services.AddOptions<PushOptions>().BindConfiguration(PushOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<PendingPushSweeper>();
        services.TryAddSingleton<CalendarPushIntake>();
        services.TryAddSingleton<CalendarFlushService>();
        services.TryAddSingleton(sp => new QueueMessageProcessor(sp.GetRequiredService<IDeadLetterStore>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
