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
                    await AdvanceAsync(conflict, escalate: true, cancellationToken).ConfigureAwait(false);
                    escalated++;
                }
                else if (conflict.Status == ConflictStatuses.Open && conflict.RemindedAt is null && waited >= o.ReminderAfter)
                {
                    await AdvanceAsync(conflict, escalate: false, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Remind about, or escalate, one conflict now (the Durable conflict workflow calls this when its timer fires).</summary>
    /// <returns>The conflict's status afterwards; resolved when it was decided meanwhile (nothing is sent then).</returns>
    public async Task<string> AdvanceAsync(string conflictId, bool escalate, CancellationToken cancellationToken)
    {
        var conflict = await store.GetAsync(conflictId, cancellationToken).ConfigureAwait(false);
        if (conflict is null || conflict.Status == ConflictStatuses.Resolved)
        {
            return ConflictStatuses.Resolved;
        }

        await AdvanceAsync(conflict, escalate, cancellationToken).ConfigureAwait(false);
        return escalate ? ConflictStatuses.Escalated : conflict.Status;
    }

    private async Task AdvanceAsync(ConflictRecord conflict, bool escalate, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var waited = now - conflict.DetectedAt;
        await store.SaveAsync(escalate
            ? conflict with { Status = ConflictStatuses.Escalated, EscalatedAt = now, RemindedAt = conflict.RemindedAt ?? now }
            : conflict with { RemindedAt = now }, cancellationToken).ConfigureAwait(false);
        await alerts.NotifyAsync(escalate
            ? new AlertEvent("conflict-escalated", "error", $"Conflict {conflict.ConflictId} (reservation {conflict.ReservationId}, {conflict.Type}) has waited {waited.TotalHours:F0} h for a decision.", now, conflict.AccountId)
            : new AlertEvent("conflict-reminder", "warning", $"Conflict {conflict.ConflictId} (reservation {conflict.ReservationId}, {conflict.Type}) is waiting for a decision.", now, conflict.AccountId),
            cancellationToken).ConfigureAwait(false);
    }
}
