namespace Beds24Sync.Workflows;

/// <summary>
/// The names every host registers the workflows under (the Functions app's [Function] names, the Durable Task
/// worker's registrations). They are a contract with running instances: never rename one that may be in flight.
/// </summary>
public static class WorkflowNames
{
    public const string BookingPushOrchestrator = nameof(BookingPushOrchestrator);
    public const string PushBooking = nameof(PushBooking);
    public const string DeadLetterPush = nameof(DeadLetterPush);

    public const string CalendarFlushOrchestrator = nameof(CalendarFlushOrchestrator);
    public const string FlushCalendar = nameof(FlushCalendar);
    public const string ReportCalendarFlushFailure = nameof(ReportCalendarFlushFailure);

    public const string ConflictOrchestrator = nameof(ConflictOrchestrator);
    public const string ApplyDecision = nameof(ApplyDecision);
    public const string RemindOrEscalate = nameof(RemindOrEscalate);

    public const string FullPullOrchestrator = nameof(FullPullOrchestrator);
    public const string PlanFullPull = nameof(PlanFullPull);
    public const string ReconcileProperty = nameof(ReconcileProperty);
    public const string ReportFullPullFailures = nameof(ReportFullPullFailures);

    public static IReadOnlyList<string> Orchestrators { get; } = [BookingPushOrchestrator, CalendarFlushOrchestrator, ConflictOrchestrator, FullPullOrchestrator];

    public static IReadOnlyList<string> Activities { get; } =
        [PushBooking, DeadLetterPush, FlushCalendar, ReportCalendarFlushFailure, ApplyDecision, RemindOrEscalate, PlanFullPull, ReconcileProperty, ReportFullPullFailures];
}
