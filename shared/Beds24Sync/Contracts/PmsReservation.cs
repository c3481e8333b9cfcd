namespace Beds24Sync.Contracts;

/// <summary>
/// The full desired state of one PMS reservation (never a diff). Used by the PMS on <c>beds24-push-bookings</c> and
/// by us on <c>pms-inbound</c>. Ids are the PMS's own; mappings translate them to Beds24 ids.
/// </summary>
public sealed record PmsReservation
{
    public required string ReservationId { get; init; }
    public required string PropertyId { get; init; }
    public required string RoomTypeId { get; init; }
    public string? RatePlanId { get; init; }
    /// <summary>confirmed, tentative, cancelled, blocked, inquiry.</summary>
    public required string Status { get; init; }
    public required DateOnly Arrival { get; init; }
    public required DateOnly Departure { get; init; }
    public int Adults { get; init; } = 1;
    public int Children { get; init; }
    public PmsGuest? Guest { get; init; }
    public decimal? TotalAmount { get; init; }
    public string? Currency { get; init; }
    /// <summary>Where the booking came from: "direct" or an OTA name (booking, expedia, airbnb, …).</summary>
    public string? Channel { get; init; }
    public string? Notes { get; init; }
}

/// <summary>Guest details as the PMS knows them. Email and phone are personal data: never logged.</summary>
public sealed record PmsGuest
{
    public string? GuestId { get; init; }
    public string? Title { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? Company { get; init; }
    public string? Address { get; init; }
    public string? City { get; init; }
    public string? State { get; init; }
    public string? Postcode { get; init; }
    /// <summary>ISO 3166-1 alpha-2 where known.</summary>
    public string? Country { get; init; }
    public string? Language { get; init; }
}

/// <summary>PMS reservation status values.</summary>
public static class PmsReservationStatuses
{
    public const string Confirmed = "confirmed";
    public const string Tentative = "tentative";
    public const string Cancelled = "cancelled";
    public const string Blocked = "blocked";
    public const string Inquiry = "inquiry";
}
