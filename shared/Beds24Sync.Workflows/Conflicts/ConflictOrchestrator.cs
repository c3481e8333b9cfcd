using Beds24Sync.Conflicts;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Beds24Sync.Workflows.Conflicts;

/// <summary>
/// One per conflict waiting for an operator (instance id <c>conflict-{id}</c>). Waits for the external event
/// <c>ConflictDecision</c> (raised from the Durable monitor or a client) against the conflict's deadlines, which count
/// from its detection (<see cref="ConflictWorkflow"/>): at <c>DetectedAt + ReminderAfter</c> remind once, at
/// <c>DetectedAt + EscalateAfter</c> escalate once, then only check every <c>EscalateAfter</c> whether it was decided
/// elsewhere (API, page, CLI), without alerting again. The timer is cancelled when the decision wins. An invalid
/// payload is refused and the wait goes on.
/// </summary>
public static class ConflictOrchestrator
{
    public const string DecisionEvent = ConflictWorkflow.DecisionEvent;

    public static async Task RunAsync(TaskOrchestrationContext context)
    {
        var input = context.GetInput<ConflictWaitInput>()!;
        var logger = context.CreateReplaySafeLogger(WorkflowNames.ConflictOrchestrator);
        var stage = input.Stage;
        while (true)
        {
            var deadline = input.DeadlineAt(stage, context.CurrentUtcDateTime);
            using var timerCancellation = new CancellationTokenSource();
            var decisionTask = context.WaitForExternalEvent<ConflictDecision>(DecisionEvent, timerCancellation.Token);
            var timerTask = context.CreateTimer(deadline, timerCancellation.Token);
            var winner = await Task.WhenAny(decisionTask, timerTask);
            if (winner == decisionTask)
            {
                timerCancellation.Cancel();
                var decision = await decisionTask;
                var errors = ConflictDecisionValidator.Validate(decision);
                if (errors.Count > 0)
                {
                    logger.LogWarning("Refused an invalid decision for conflict {ConflictId}: {Errors}", input.ConflictId, string.Join("; ", errors));
                    continue;
                }

                var outcome = await context.CallActivityAsync<string>(WorkflowNames.ApplyDecision, new DecisionRequest(input.ConflictId, decision));
                logger.LogInformation("Conflict {ConflictId}: {Outcome}", input.ConflictId, outcome);
                if (outcome != nameof(ResolveStatus.Invalid))
                {
                    return;
                }

                continue;
            }

            timerCancellation.Cancel();
            var status = await context.CallActivityAsync<string>(WorkflowNames.RemindOrEscalate, new TimeoutRequest(input.ConflictId, stage));
            if (status == ConflictStatuses.Resolved)
            {
                return; // decided elsewhere
            }

            // Keep the history short: continue as new at the next stage.
            context.ContinueAsNew(input with { Stage = Math.Min(stage + 1, 2) });
            return;
        }
    }
}

/// <summary>Input of the conflict workflow. Stage 0 waits for the reminder, 1 for the escalation, 2 only checks for a decision made elsewhere.</summary>
/// <param name="DetectedAt">When the conflict was detected: the deadlines count from here (null in instances started before it was carried: they count from now).</param>
public sealed record ConflictWaitInput(string ConflictId, TimeSpan ReminderAfter, TimeSpan EscalateAfter, int Stage = 0, DateTimeOffset? DetectedAt = null)
{
    public string InstanceId => "conflict-" + ConflictId;

    /// <summary>The workflow for <paramref name="conflict"/> at the stage it has reached.</summary>
    public static ConflictWaitInput For(ConflictRecord conflict, ConflictWorkflowOptions options)
    {
        ArgumentNullException.ThrowIfNull(conflict);
        ArgumentNullException.ThrowIfNull(options);
        return new(conflict.ConflictId, options.ReminderAfter, options.EscalateAfter, ConflictWorkflow.StageOf(conflict), conflict.DetectedAt);
    }

    /// <summary>When the wait at <paramref name="stage"/> ends (replay-safe: <paramref name="now"/> is the orchestration's clock).</summary>
    public DateTime DeadlineAt(int stage, DateTime now)
    {
        if (stage >= 2 || DetectedAt is not { } detected)
        {
            var wait = stage switch { 0 => ReminderAfter, 1 => EscalateAfter - ReminderAfter, _ => EscalateAfter };
            return now.Add(wait);
        }

        var at = ConflictWorkflow.NextDeadline(detected, stage, new ConflictWorkflowOptions { ReminderAfter = ReminderAfter, EscalateAfter = EscalateAfter })!.At.UtcDateTime;
        return at > now ? at : now; // a deadline already past (the workflow was started late) fires at once
    }
}

public sealed record DecisionRequest(string ConflictId, ConflictDecision Decision);

/// <param name="Stage">0: remind; 1: escalate; 2: only report the status (escalated conflicts are not alerted again).</param>
public sealed record TimeoutRequest(string ConflictId, int Stage);
