using Beds24Sync.Conflicts;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Beds24Sync.Workflows.Conflicts;

/// <summary>
/// One per conflict waiting for an operator (instance id <c>conflict-{id}</c>). Waits for the external event
/// <c>ConflictDecision</c> (raised by the API/page or from the Durable monitor) with a timer: the first wait ends in a
/// reminder, the second in escalation, then it keeps waiting. The timer is cancelled when the decision wins. An invalid
/// payload is refused and the wait goes on; a decision made elsewhere (CLI) is noticed when a timer fires.
/// </summary>
public static class ConflictOrchestrator
{
    public const string DecisionEvent = "ConflictDecision";

    public static async Task RunAsync(TaskOrchestrationContext context)
    {
        var input = context.GetInput<ConflictWaitInput>()!;
        var logger = context.CreateReplaySafeLogger(WorkflowNames.ConflictOrchestrator);
        var stage = input.Stage;
        while (true)
        {
            var wait = stage switch { 0 => input.ReminderAfter, 1 => input.EscalateAfter - input.ReminderAfter, _ => input.EscalateAfter };
            using var timerCancellation = new CancellationTokenSource();
            var decisionTask = context.WaitForExternalEvent<ConflictDecision>(DecisionEvent, timerCancellation.Token);
            var timerTask = context.CreateTimer(context.CurrentUtcDateTime.Add(wait), timerCancellation.Token);
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

/// <summary>Input of the conflict workflow. Stage 0 waits for the reminder, 1 for the escalation, 2 keeps waiting.</summary>
public sealed record ConflictWaitInput(string ConflictId, TimeSpan ReminderAfter, TimeSpan EscalateAfter, int Stage = 0)
{
    public string InstanceId => "conflict-" + ConflictId;
}

public sealed record DecisionRequest(string ConflictId, ConflictDecision Decision);

public sealed record TimeoutRequest(string ConflictId, int Stage);
