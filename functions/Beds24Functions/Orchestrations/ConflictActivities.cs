using Beds24Sync.Alerts;
using Beds24Sync.Conflicts;
using Microsoft.Azure.Functions.Worker;

namespace Beds24Functions.Orchestrations;

/// <summary>The conflict orchestration's activities: apply a decision once; remind or escalate.</summary>
public sealed class ConflictActivities(ConflictResolutionService resolution, IConflictStore store, IAlertNotifier alerts, TimeProvider time)
{
    [Function(nameof(ApplyDecision))]
    public async Task<string> ApplyDecision([ActivityTrigger] DecisionRequest request, CancellationToken cancellationToken) =>
        (await resolution.ResolveAsync(request.ConflictId, request.Decision, cancellationToken)).Status.ToString();

    [Function(nameof(RemindOrEscalate))]
    public async Task<string> RemindOrEscalate([ActivityTrigger] TimeoutRequest request, CancellationToken cancellationToken)
    {
        var conflict = await store.GetAsync(request.ConflictId, cancellationToken);
        if (conflict is null || conflict.Status == ConflictStatuses.Resolved)
        {
            return ConflictStatuses.Resolved;
        }

        var now = time.GetUtcNow();
        var escalate = request.Stage >= 1;
        await store.SaveAsync(escalate ? conflict with { Status = ConflictStatuses.Escalated, EscalatedAt = now } : conflict with { RemindedAt = now }, cancellationToken);
        await alerts.NotifyAsync(new AlertEvent(escalate ? "conflict-escalated" : "conflict-reminder", escalate ? "error" : "warning",
            $"Conflict {conflict.ConflictId} (reservation {conflict.ReservationId}, {conflict.Type}) is waiting for a decision.", now, conflict.AccountId), cancellationToken);
        return escalate ? ConflictStatuses.Escalated : ConflictStatuses.Open;
    }
}
