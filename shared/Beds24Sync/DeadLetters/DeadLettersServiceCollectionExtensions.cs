using Beds24Sync.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Beds24Sync.DeadLetters;

public static class DeadLettersServiceCollectionExtensions
{
    /// <summary>
    /// Where a message that cannot be processed ends, with its reason (table <c>DeadLetters</c>); the drain of host
    /// poison queues into it; the queue failure policy every queue handler shares (retry by visibility, then dead
    /// letter). Needs <see cref="Storage.StorageServiceCollectionExtensions.AddStorage"/> and an
    /// <see cref="Alerts.IAlertNotifier"/>. Idempotent.
    /// </summary>
    public static IServiceCollection AddDeadLetters(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDeadLetterStore, TableDeadLetterStore>();
        services.TryAddSingleton<PoisonQueueDrainer>();
        services.TryAddSingleton(sp => new QueueMessageProcessor(sp.GetRequiredService<IDeadLetterStore>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
