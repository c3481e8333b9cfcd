using Beds24Sync.Alerts;
using Beds24Sync.Storage;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Conflicts;

/// <summary>
/// Waiting for an operator has deadlines: after ReminderAfter an open conflict raises a reminder alert once, after
/// EscalateAfter it is marked escalated and raises an escalation alert once. Run periodically (timer function / host loop).
/// </summary>
public sealed class ConflictTimeoutSweeper(IConflictStore store, IAlertNotifier alerts, IOptions<ConflictWorkflowOptions> options, TimeProvider time)
{
    public async Task<(int Reminded, int Escalated)> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var o = options.Value;
        int reminded = 0, escalated = 0;
        await foreach (var conflict in store.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (conflict.Status != ConflictStatuses.Open && conflict.Status != ConflictStatuses.Escalated)
            {
                continue;
            }

            var waited = now - conflict.DetectedAt;
            try
            {
                if (conflict.Status == ConflictStatuses.Open && waited >= o.EscalateAfter)
                {
                    await store.SaveAsync(conflict with { Status = ConflictStatuses.Escalated, EscalatedAt = now, RemindedAt = conflict.RemindedAt ?? now }, cancellationToken).ConfigureAwait(false);
                    await alerts.NotifyAsync(new AlertEvent("conflict-escalated", "error",
                        $"Conflict {conflict.ConflictId} (reservation {conflict.ReservationId}, {conflict.Type}) has waited {waited.TotalHours:F0} h for a decision.", now, conflict.AccountId), cancellationToken).ConfigureAwait(false);
                    escalated++;
                }
                else if (conflict.Status == ConflictStatuses.Open && conflict.RemindedAt is null && waited >= o.ReminderAfter)
                {
                    await store.SaveAsync(conflict with { RemindedAt = now }, cancellationToken).ConfigureAwait(false);
                    await alerts.NotifyAsync(new AlertEvent("conflict-reminder", "warning",
                        $"Conflict {conflict.ConflictId} (reservation {conflict.ReservationId}, {conflict.Type}) is waiting for a decision.", now, conflict.AccountId), cancellationToken).ConfigureAwait(false);
                    reminded++;
                }
            }
            catch (ConcurrencyConflictException)
            {
                // Decided or changed meanwhile: the next sweep sees the new state.
            }
        }

        return (reminded, escalated);
    }
}
