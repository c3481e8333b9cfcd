namespace Beds24Sync.Conflicts;

/// <summary>
/// The life of a conflict waiting for an operator, as pure functions of its input: wait for the
/// <see cref="DecisionEvent"/>; at <c>DetectedAt + ReminderAfter</c> remind once; at <c>DetectedAt + EscalateAfter</c>
/// escalate once; after that keep waiting without a deadline. Deadlines are absolute times computed from the
/// detection time, never from "now", so a Durable orchestrator can replay them and a restarted one carries on
/// where it was. The conflict orchestrator (Beds24Sync.Workflows, in every host) follows this one description;
/// <see cref="ConflictTimeoutSweeper"/> carries out each step.
/// </summary>
public static class ConflictWorkflow
{
    /// <summary>The external event an orchestrator waits for; its payload is a <see cref="ConflictDecision"/>.</summary>
    public const string DecisionEvent = "ConflictDecision";

    /// <summary>Where a conflict stands: 0 = waiting, 1 = reminded, 2 = escalated.</summary>
    public static int StageOf(ConflictRecord conflict)
    {
        ArgumentNullException.ThrowIfNull(conflict);
        return conflict.Status == ConflictStatuses.Escalated || conflict.EscalatedAt is not null ? 2 : conflict.RemindedAt is not null ? 1 : 0;
    }

    /// <summary>The next deadline after <paramref name="stage"/>, or null when only a decision can end the wait.</summary>
    public static ConflictDeadline? NextDeadline(DateTimeOffset detectedAt, int stage, ConflictWorkflowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return stage switch
        {
            0 => new ConflictDeadline(detectedAt + options.ReminderAfter, ConflictWorkflowStep.Remind),
            1 => new ConflictDeadline(detectedAt + options.EscalateAfter, ConflictWorkflowStep.Escalate),
            _ => null,
        };
    }

    /// <summary>The stage after <paramref name="step"/> has been carried out.</summary>
    public static int StageAfter(ConflictWorkflowStep step, int stage) => step switch
    {
        ConflictWorkflowStep.Remind => Math.Max(stage, 1),
        ConflictWorkflowStep.Escalate => 2,
        _ => stage,
    };
}

/// <summary>A deadline in a conflict's wait: at <paramref name="At"/>, do <paramref name="Step"/>.</summary>
public sealed record ConflictDeadline(DateTimeOffset At, ConflictWorkflowStep Step);

public enum ConflictWorkflowStep
{
    None,
    Remind,
    Escalate,
}
