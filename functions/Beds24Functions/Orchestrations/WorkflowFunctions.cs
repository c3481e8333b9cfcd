using Beds24Sync.Pull;
using Beds24Sync.Workflows;
using Beds24Sync.Workflows.Calendar;
using Beds24Sync.Workflows.Conflicts;
using Beds24Sync.Workflows.Pull;
using Beds24Sync.Workflows.Push;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Beds24Functions.Orchestrations;

/// <summary>
/// The Durable Functions face of shared/Beds24Sync.Workflows: one [Function] per orchestrator and activity, each a
/// line that calls the shared code under its <see cref="WorkflowNames"/> name. Nothing here decides anything.
/// </summary>
public sealed class WorkflowFunctions(PushActivities push, CalendarActivities calendar, ConflictActivities conflicts, FullPullActivities fullPull)
{
    [Function(WorkflowNames.BookingPushOrchestrator)]
    public static Task BookingPush([OrchestrationTrigger] TaskOrchestrationContext context) => BookingPushOrchestrator.RunAsync(context);

    [Function(WorkflowNames.CalendarFlushOrchestrator)]
    public static Task CalendarFlush([OrchestrationTrigger] TaskOrchestrationContext context) => CalendarFlushOrchestrator.RunAsync(context);

    [Function(WorkflowNames.ConflictOrchestrator)]
    public static Task Conflict([OrchestrationTrigger] TaskOrchestrationContext context) => ConflictOrchestrator.RunAsync(context);

    [Function(WorkflowNames.FullPullOrchestrator)]
    public static Task<FullPullSummary> FullPull([OrchestrationTrigger] TaskOrchestrationContext context) => FullPullOrchestrator.RunAsync(context);

    [Function(WorkflowNames.PushBooking)]
    public Task<PushActivityResult> PushBooking([ActivityTrigger] PushRequest request, CancellationToken cancellationToken) => push.PushBookingAsync(request, cancellationToken);

    [Function(WorkflowNames.DeadLetterPush)]
    public Task DeadLetterPush([ActivityTrigger] DeadLetterRequest request, CancellationToken cancellationToken) => push.DeadLetterPushAsync(request, cancellationToken);

    [Function(WorkflowNames.FlushCalendar)]
    public Task<int> FlushCalendar([ActivityTrigger] string accountId, CancellationToken cancellationToken) => calendar.FlushCalendarAsync(accountId, cancellationToken);

    [Function(WorkflowNames.ReportCalendarFlushFailure)]
    public Task ReportCalendarFlushFailure([ActivityTrigger] CalendarFlushFailure failure, CancellationToken cancellationToken) => calendar.ReportCalendarFlushFailureAsync(failure, cancellationToken);

    [Function(WorkflowNames.ApplyDecision)]
    public Task<string> ApplyDecision([ActivityTrigger] DecisionRequest request, CancellationToken cancellationToken) => conflicts.ApplyDecisionAsync(request, cancellationToken);

    [Function(WorkflowNames.RemindOrEscalate)]
    public Task<string> RemindOrEscalate([ActivityTrigger] TimeoutRequest request, CancellationToken cancellationToken) => conflicts.RemindOrEscalateAsync(request, cancellationToken);

    [Function(WorkflowNames.PlanFullPull)]
    public Task<IReadOnlyList<FullPullTarget>> PlanFullPull([ActivityTrigger] FullPullInput? input, CancellationToken cancellationToken) => fullPull.PlanFullPullAsync(input, cancellationToken);

    [Function(WorkflowNames.ReconcileProperty)]
    public Task<ReconciliationReport> ReconcileProperty([ActivityTrigger] FullPullTarget target, CancellationToken cancellationToken) => fullPull.ReconcilePropertyAsync(target, cancellationToken);

    [Function(WorkflowNames.ReportFullPullFailures)]
    public Task ReportFullPullFailures([ActivityTrigger] IReadOnlyList<FullPullFailure> failures, CancellationToken cancellationToken) => fullPull.ReportFullPullFailuresAsync(failures, cancellationToken);
}
