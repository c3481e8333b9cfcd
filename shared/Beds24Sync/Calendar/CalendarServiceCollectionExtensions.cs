using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Beds24Sync.Calendar;

public static class CalendarServiceCollectionExtensions
{
    /// <summary>
    /// PMS → Beds24 availability, prices and restrictions: intake into pending cells (table <c>CalendarPending</c>)
    /// and the coalesced flush. Needs storage, mappings, dead letters and the Beds24 client. Idempotent.
    /// </summary>
    public static IServiceCollection AddCalendarPush(this IServiceCollection services)
    {
        services.TryAddSingleton<CalendarPendingStore>();
        services.TryAddSingleton<CalendarPushIntake>();
        services.TryAddSingleton<CalendarFlushService>();
        return services;
    }
}
