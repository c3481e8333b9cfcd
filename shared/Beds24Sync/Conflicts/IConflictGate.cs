using Beds24.Api.Models;
using Beds24Sync.BookingLinks;
using Beds24Sync.Contracts;

namespace Beds24Sync.Conflicts;

/// <summary>
/// Asked by both flows before a change is applied to the other side: the inbound processor (a Beds24 change about
/// to reach the PMS) and the booking push (a PMS change about to reach Beds24). It detects a conflict (both sides
/// changed since the last sync, or status/dates/room/amount disagree), applies the property's rule, and either lets
/// the change through, overrides it with the winning side, or holds it for an operator.
/// </summary>
public interface IConflictGate
{
    Task<ConflictCheckResult> CheckAsync(ConflictCandidate candidate, CancellationToken cancellationToken);
}

/// <param name="Origin">Which side the incoming change comes from: <see cref="ChangeOrigins"/>.</param>
/// <param name="Link">The booking link as last synced (null when the booking is new to us: no conflict possible).</param>
/// <param name="PmsState">The PMS's state: the incoming message for origin pms, the last known PMS state otherwise (may be null).</param>
/// <param name="Beds24State">Beds24's current state (re-read from the API).</param>
public sealed record ConflictCandidate(
    string AccountId,
    string Origin,
    BookingLink? Link,
    PmsReservation? PmsState,
    long? PmsVersion,
    Beds24Booking? Beds24State);

/// <param name="Outcome">See <see cref="ConflictOutcomes"/>.</param>
/// <param name="ConflictId">The stored conflict, when one was raised.</param>
public sealed record ConflictCheckResult(string Outcome, string? ConflictId = null, string? Rule = null)
{
    public static ConflictCheckResult NoConflict { get; } = new(ConflictOutcomes.Proceed);
}

public static class ChangeOrigins
{
    public const string Pms = "pms";
    public const string Beds24 = "beds24";
}

public static class ConflictOutcomes
{
    /// <summary>No conflict: apply the change.</summary>
    public const string Proceed = "proceed";
    /// <summary>Conflict auto-resolved in favour of the incoming change: apply it.</summary>
    public const string IncomingWins = "incoming-wins";
    /// <summary>Conflict auto-resolved against the incoming change: do not apply it (the gate queued the winner's push).</summary>
    public const string IncomingLoses = "incoming-loses";
    /// <summary>Held for an operator's decision: do not apply now.</summary>
    public const string Held = "held";
}
