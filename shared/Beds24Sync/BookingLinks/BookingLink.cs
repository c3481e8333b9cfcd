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
    /// <summary>The Beds24 booking this reservation is bound to. Once set it never changes (a link is never re-bound).</summary>
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

    /// <summary>A PMS change is waiting to be applied to Beds24.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool HasPendingChange => PendingMessage is not null && PendingVersion > PmsVersion;

    /// <summary>Hash of a Beds24 state recorded but not yet confirmed published to the PMS (a crash in between republishes it).</summary>
    public string? PendingPublishHash { get; init; }
    /// <summary>Who recorded <see cref="PendingPublishHash"/> (the inbound work item or pull run): only it, or anyone after a timeout, may republish.</summary>
    public string? PendingPublishClaim { get; init; }
    /// <summary>When <see cref="PendingPublishHash"/> was recorded or last taken over.</summary>
    public DateTimeOffset? PendingPublishSince { get; init; }
    /// <summary>The reservation as last synced with the PMS, either way (JSON of PmsReservation): the PMS side's known state.</summary>
    public string? LastPublishedReservation { get; init; }

    /// <summary>
    /// A create sent to Beds24 whose outcome is not known yet (set before the POST, cleared once the booking is found or
    /// its absence verified): until then nothing is created again without first looking for our marker.
    /// </summary>
    public PendingCreate? CreateInFlight { get; init; }

    public DateTimeOffset? LastPushedAt { get; init; }
    public DateTimeOffset? LastPublishedToPmsAt { get; init; }
    public DateTimeOffset? LastSyncedAt { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public ETag ETag { get; init; }

    /// <summary>The Beds24 booking id as stored when this link was read (the store refuses to change it).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long? StoredBeds24BookingId { get; init; }
}

/// <summary>Where a create was sent: enough to find the booking it may have made (room, arrival) by our marker.</summary>
public sealed record PendingCreate(long Beds24RoomId, DateOnly Arrival, DateOnly Departure, long PmsVersion, DateTimeOffset SentAt);
