namespace Beds24Sync.Contracts;

/// <summary>
/// What we tell the PMS on <c>pms-inbound</c> (schema docs/contracts/booking-changed.schema.json): the full current
/// state of one Beds24 booking, mapped to PMS ids, plus how the guest was matched.
/// </summary>
public sealed record BookingChangedMessage
{
    public const int CurrentSchemaVersion = 1;

    public required string MessageId { get; init; }
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    /// <summary>created, modified, cancelled or deleted.</summary>
    public required string ChangeType { get; init; }
    public required string AccountId { get; init; }
    public required long Beds24BookingId { get; init; }
    /// <summary>Beds24's modifiedTime of the state sent: the PMS can drop anything older.</summary>
    public DateTimeOffset? Beds24ModifiedTime { get; init; }
    /// <summary>Content hash of the Beds24 state sent; equal hashes mean equal content.</summary>
    public required string ContentHash { get; init; }
    /// <summary>The booking mapped to PMS ids. ReservationId is the linked PMS reservation, or "beds24-{id}" when new.</summary>
    public required PmsReservation Reservation { get; init; }
    /// <summary>
    /// The Beds24 group: every room of a multi-room (channel) reservation carries the first room's booking id here.
    /// Each room stays a reservation of its own; the PMS groups them by this id.
    /// </summary>
    public long? Beds24MasterId { get; init; }
    /// <summary>The channel's (OTA's) own reference (Beds24 apiReference), shared by the rooms of one channel reservation. Never a PMS id.</summary>
    public string? ChannelReference { get; init; }
    /// <summary>True when the PMS has never seen this booking.</summary>
    public bool IsNewToPms { get; init; }
    public GuestMatch? GuestMatch { get; init; }
    public required DateTimeOffset PublishedAt { get; init; }
}

public static class BookingChangeTypes
{
    public const string Created = "created";
    public const string Modified = "modified";
    public const string Cancelled = "cancelled";
    public const string Deleted = "deleted";
}

/// <summary>How the Beds24 guest was matched to a PMS guest: link, email, phone, new or ambiguous (never guessed).</summary>
public sealed record GuestMatch(string Method, string? PmsGuestId, IReadOnlyList<string>? Candidates = null);
