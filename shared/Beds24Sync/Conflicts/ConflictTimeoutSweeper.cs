using Beds24Sync.Alerts;
using Beds24Sync.Storage;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Conflicts;

/// <summary>
/// Carries out the deadlines of <see cref="ConflictWorkflow"/> when the conflict workflow's timers fire (in every
/// host: it is an activity): the reminder alert once, then escalation (marked and alerted) once, then only status
/// checks. Each step is audited on the conflict.
/// </summary>
public sealed class ConflictTimeoutSweeper(IConflictStore store, IAlertNotifier alerts, TimeProvider time)
{
    /// <summary>The conflict's status (resolved when it is gone): how the workflow notices, past escalation, a decision made elsewhere.</summary>
    public async Task<string> StatusAsync(string conflictId, CancellationToken cancellationToken) =>
        (await store.GetAsync(conflictId, cancellationToken).ConfigureAwait(false))?.Status ?? ConflictStatuses.Resolved;

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
