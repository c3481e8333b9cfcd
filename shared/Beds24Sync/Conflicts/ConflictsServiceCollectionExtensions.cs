using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Beds24Sync.Conflicts;

public static class ConflictsServiceCollectionExtensions
{
    /// <summary>
    /// Conflict detection, store, rules, decisions, deadlines and the API handlers, with the <c>Conflicts</c> options
    /// section validated at start-up. Needs the storage clients, booking links, mappings, queue publisher, alert
    /// notifier, telemetry and a TimeProvider (registered by AddBeds24Sync). Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddConflicts(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ConflictWorkflowOptions>().BindConfiguration(ConflictWorkflowOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.EscalateAfter > o.ReminderAfter, $"{ConflictWorkflowOptions.SectionName}:EscalateAfter must be longer than {ConflictWorkflowOptions.SectionName}:ReminderAfter.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IConflictStore, TableConflictStore>();
        services.TryAddSingleton<IConflictGate, ConflictGate>();
        services.TryAddSingleton<ConflictResolutionService>();
        services.TryAddSingleton<ConflictTimeoutSweeper>();
        services.TryAddSingleton<ConflictsApi>();
        services.TryAddSingleton<Operator.OperatorAccess>();
        services.AddOptions<Operator.OperatorAccessOptions>().BindConfiguration(Operator.OperatorAccessOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}
