using Beds24Sync.Alerts;
using Beds24Sync.Storage;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Conflicts;

/// <summary>
/// Carries out the deadlines of <see cref="ConflictWorkflow"/>: after ReminderAfter an open conflict raises a reminder
/// alert once, after EscalateAfter it is marked escalated and raises an escalation alert. The local host runs
/// <see cref="RunOnceAsync(DateTimeOffset, CancellationToken)"/> every minute; the Durable conflict workflow calls
/// <see cref="AdvanceAsync(string, bool, CancellationToken)"/> when its timer fires. Each step is audited on the conflict.
/// </summary>
public sealed class ConflictTimeoutSweeper(IConflictStore store, IAlertNotifier alerts, IOptions<ConflictWorkflowOptions> options, TimeProvider time)
{
    public Task<(int Reminded, int Escalated)> RunOnceAsync(CancellationToken cancellationToken) => RunOnceAsync(time.GetUtcNow(), cancellationToken);

    /// <summary>Reminds about and escalates every conflict past its deadline at <paramref name="now"/>.</summary>
    public async Task<(int Reminded, int Escalated)> RunOnceAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var o = options.Value;
        int reminded = 0, escalated = 0;
        await foreach (var conflict in store.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var step = ConflictWorkflow.Due(conflict, now, o);
            if (step == ConflictWorkflowStep.None)
            {
                continue;
            }

            try
            {
                await AdvanceAsync(conflict, step == ConflictWorkflowStep.Escalate, now, cancellationToken).ConfigureAwait(false);
                if (step == ConflictWorkflowStep.Escalate)
                {
                    escalated++;
                }
                else
                {
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

        if (!escalate && conflict.RemindedAt is not null)
        {
            return conflict.Status; // an activity retried after it had already reminded: one reminder is enough
        }

        try
        {
            await AdvanceAsync(conflict, escalate, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException)
        {
            var now = await store.GetAsync(conflictId, cancellationToken).ConfigureAwait(false);
            return now?.Status ?? ConflictStatuses.Resolved;
        }

        return escalate ? ConflictStatuses.Escalated : conflict.Status;
    }

    private async Task AdvanceAsync(ConflictRecord conflict, bool escalate, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var waited = now - conflict.DetectedAt;
        var subject = $"Conflict {conflict.ConflictId} (reservation {conflict.ReservationId}, {conflict.Type})";
        await store.SaveAsync(escalate
            ? (conflict with { Status = ConflictStatuses.Escalated, EscalatedAt = now, RemindedAt = conflict.RemindedAt ?? now }).Audited(now, "system", $"Escalated after {waited.TotalHours:F0} h without a decision.")
            : (conflict with { RemindedAt = now }).Audited(now, "system", $"Reminder sent after {waited.TotalHours:F0} h without a decision."), cancellationToken).ConfigureAwait(false);
        await alerts.NotifyAsync(escalate
            ? new AlertEvent("conflict-escalated", "error", $"{subject} has waited {waited.TotalHours:F0} h for a decision.", now, conflict.AccountId)
            : new AlertEvent("conflict-reminder", "warning", $"{subject} is waiting for a decision.", now, conflict.AccountId),
            cancellationToken).ConfigureAwait(false);
    }
}
