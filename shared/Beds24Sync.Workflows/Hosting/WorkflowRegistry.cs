using Beds24Sync.Pull;
using Beds24Sync.Workflows.Calendar;
using Beds24Sync.Workflows.Conflicts;
using Beds24Sync.Workflows.Pull;
using Beds24Sync.Workflows.Push;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Workflows.Hosting;

/// <summary>
/// Registers every workflow under <see cref="WorkflowNames"/> with a Durable Task worker (the local host, the
/// in-memory test engine). The Functions app registers the same names through its [Function] wrappers; a test
/// checks that both lists agree.
/// </summary>
public static class WorkflowRegistry
{
    /// <summary>The activity classes, for the container of whichever host runs the workflows.</summary>
    public static IServiceCollection AddBeds24WorkflowActivities(this IServiceCollection services)
    {
        services.TryAddSingleton<PushActivities>();
        services.TryAddSingleton<CalendarActivities>();
        services.TryAddSingleton<ConflictActivities>();
        services.TryAddSingleton<FullPullActivities>();
        services.TryAddSingleton<ScheduledWork>();
        services.AddOptions<WorkflowOptions>().BindConfiguration(WorkflowOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ScheduleOptions>().Configure<IConfiguration>(ScheduleOptions.Read).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ScheduleOptions>, ScheduleOptionsValidator>());
        return services;
    }

    /// <summary>A Durable Task worker (the local host's) runs every workflow, its activities resolved from the worker's container.</summary>
    public static IDurableTaskWorkerBuilder AddBeds24Workflows(this IDurableTaskWorkerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<DurableTaskRegistry>(builder.Name).Configure<IServiceProvider>((registry, services) => registry.AddBeds24Workflows(services));
        return builder;
    }

    /// <param name="services">The engine's services (see <see cref="Beds24Sync.Hosting"/>); the activity classes are resolved or made from them.</param>
    public static DurableTaskRegistry AddBeds24Workflows(this DurableTaskRegistry registry, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(registry);
        // Registered activity classes are used; otherwise they are made from the engine's services.
        T Get<T>() where T : notnull => ActivatorUtilities.GetServiceOrCreateInstance<T>(services);

        // Typed inputs, so the engine deserialises them as the orchestrators' GetInput<T> expects.
        registry.AddOrchestratorFunc<PushRequest, object?>(WorkflowNames.BookingPushOrchestrator, async (context, _) => { await BookingPushOrchestrator.RunAsync(context); return null; });
        registry.AddOrchestratorFunc<CalendarFlushInput, object?>(WorkflowNames.CalendarFlushOrchestrator, async (context, _) => { await CalendarFlushOrchestrator.RunAsync(context); return null; });
        registry.AddOrchestratorFunc<ConflictWaitInput, object?>(WorkflowNames.ConflictOrchestrator, async (context, _) => { await ConflictOrchestrator.RunAsync(context); return null; });
        registry.AddOrchestratorFunc<FullPullInput?, FullPullSummary>(WorkflowNames.FullPullOrchestrator, (context, _) => FullPullOrchestrator.RunAsync(context));

        registry.AddActivityFunc<PushRequest, PushActivityResult>(WorkflowNames.PushBooking, (_, input) => Get<PushActivities>().PushBookingAsync(input, CancellationToken.None));
        registry.AddActivityFunc<DeadLetterRequest>(WorkflowNames.DeadLetterPush, (_, input) => Get<PushActivities>().DeadLetterPushAsync(input, CancellationToken.None));
        registry.AddActivityFunc<string, int>(WorkflowNames.FlushCalendar, (_, input) => Get<CalendarActivities>().FlushCalendarAsync(input, CancellationToken.None));
        registry.AddActivityFunc<CalendarFlushFailure>(WorkflowNames.ReportCalendarFlushFailure, (_, input) => Get<CalendarActivities>().ReportCalendarFlushFailureAsync(input, CancellationToken.None));
        registry.AddActivityFunc<DecisionRequest, string>(WorkflowNames.ApplyDecision, (_, input) => Get<ConflictActivities>().ApplyDecisionAsync(input, CancellationToken.None));
        registry.AddActivityFunc<TimeoutRequest, string>(WorkflowNames.RemindOrEscalate, (_, input) => Get<ConflictActivities>().RemindOrEscalateAsync(input, CancellationToken.None));
        registry.AddActivityFunc<FullPullInput?, IReadOnlyList<FullPullTarget>>(WorkflowNames.PlanFullPull, (_, input) => Get<FullPullActivities>().PlanFullPullAsync(input, CancellationToken.None));
        registry.AddActivityFunc<FullPullTarget, ReconciliationReport>(WorkflowNames.ReconcileProperty, (_, input) => Get<FullPullActivities>().ReconcilePropertyAsync(input, CancellationToken.None));
        registry.AddActivityFunc<IReadOnlyList<FullPullFailure>>(WorkflowNames.ReportFullPullFailures, (_, input) => Get<FullPullActivities>().ReportFullPullFailuresAsync(input, CancellationToken.None));
        return registry;
    }
}
