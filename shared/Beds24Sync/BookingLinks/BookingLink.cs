using Azure;

namespace Beds24Sync.BookingLinks;

/// <summary>
/// One PMS reservation ↔ Beds24 booking, with the last synced version and content hash on each side
/// (table <c>BookingLinks</c>). Written with ETags: a stale <see cref="ETag"/> fails the write.
/// </summary>
public sealed record BookingLink
{
    public required string AccountId { get; init; }
    public required string ReservationId { get; init; }
    public long? Beds24BookingId { get; init; }
    public string? PropertyId { get; init; }
    public string? Channel { get; init; }
    public string? Status { get; init; }

    /// <summary>Highest PMS version applied to Beds24 (older messages are dropped).</summary>
    public long PmsVersion { get; init; }
    /// <summary>Hash of the PMS state last pushed to, or received from, the PMS side.</summary>
    public string? PmsHash { get; init; }

    /// <summary>Beds24 modifiedTime last seen (read or written by us).</summary>
    public DateTimeOffset? Beds24ModifiedTime { get; init; }
    /// <summary>Hash of the Beds24 state last synced (pushed by us or sent to the PMS).</summary>
    public string? Beds24Hash { get; init; }

    /// <summary>Newest PMS version received (may be ahead of <see cref="PmsVersion"/> while a push is pending).</summary>
    public long PendingVersion { get; init; }
    /// <summary>The newest PMS message not yet applied to Beds24 (JSON of PmsBookingMessage); null when none is pending.</summary>
    public string? PendingMessage { get; init; }
    /// <summary>When the pending message was stored (a pending change much older than that was stranded).</summary>
    public DateTimeOffset? PendingSince { get; init; }

    /// <summary>Hash of a Beds24 state recorded but not yet confirmed published to the PMS (a crash in between republishes it).</summary>
    public string? PendingPublishHash { get; init; }
    /// <summary>Who recorded <see cref="PendingPublishHash"/> (the inbound work item or pull run): only it, or anyone after a timeout, may republish.</summary>
    public string? PendingPublishClaim { get; init; }
    /// <summary>When <see cref="PendingPublishHash"/> was recorded or last taken over.</summary>
    public DateTimeOffset? PendingPublishSince { get; init; }
    /// <summary>The reservation as last synced with the PMS, either way (JSON of PmsReservation): the PMS side's known state.</summary>
    public string? LastPublishedReservation { get; init; }

    public DateTimeOffset? LastPushedAt { get; init; }
    public DateTimeOffset? LastPublishedToPmsAt { get; init; }
    public DateTimeOffset? LastSyncedAt { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public ETag ETag { get; init; }
}
