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
    /// flush, the shared queue failure policy and the two queue handlers (beds24-push-bookings, beds24-push-calendar)
    /// as <see cref="IQueueMessageHandler"/>s. Adds <see cref="StorageServiceCollectionExtensions.AddStorage"/>.
    /// Needs from other areas: IBeds24ClientFactory (AddBeds24Client), IConflictGate, SyncTelemetry, IAlertNotifier.
    /// </summary>
    public static IServiceCollection AddBookingPush(this IServiceCollection services)
    {
        services.AddStorage();
        services.TryAddSingleton<ContractValidator>();
        services.TryAddSingleton<BookingPushIntake>();
        services.TryAddSingleton<BookingPushService>();
        services.TryAddSingleton<PendingPushSweeper>();
        services.TryAddSingleton<CalendarPushIntake>();
        services.TryAddSingleton<CalendarFlushService>();
        services.TryAddSingleton(sp => new QueueMessageProcessor(sp.GetRequiredService<IDeadLetterStore>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<BookingPushQueueHandler>();
        services.TryAddSingleton<CalendarPushQueueHandler>();
        // One handler per queue even when this is called twice (hosts run one QueueWorker per handler).
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IQueueMessageHandler, BookingPushQueueHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IQueueMessageHandler, CalendarPushQueueHandler>());
        return services;
    }
}
