namespace Beds24Sync.Contracts;

/// <summary>
/// A PMS booking change on <c>beds24-push-bookings</c> (schema docs/contracts/pms-booking-message.schema.json).
/// <see cref="Version"/> is the PMS's sequence number for the reservation: a lower version than the last applied
/// is dropped, so delivery order does not matter.
/// </summary>
public sealed record PmsBookingMessage
{
    public const int CurrentSchemaVersion = 1;

    public required string MessageId { get; init; }
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    /// <summary>upsert or cancel.</summary>
    public required string Action { get; init; }
    /// <summary>Our id of the Beds24 account the property belongs to.</summary>
    public required string AccountId { get; init; }
    public required long Version { get; init; }
    public DateTimeOffset? OccurredAt { get; init; }
    public required PmsReservation Reservation { get; init; }
    /// <summary>Cancel by deleting in Beds24 instead of setting status cancelled (rarely wanted).</summary>
    public bool HardDelete { get; init; }
}

public static class PmsBookingActions
{
    public const string Upsert = "upsert";
    public const string Cancel = "cancel";
}
