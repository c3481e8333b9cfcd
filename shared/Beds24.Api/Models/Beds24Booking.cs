using System.Text.Json.Serialization;

namespace Beds24.Api.Models;

/// <summary>
/// A Beds24 booking as read from or written to <c>/bookings</c>. Every field is optional because Beds24 omits
/// fields the token's scopes do not cover, and a modify only sends what changes. Dates are property-local. Text that
/// Beds24 sends as <c>""</c> (its way of saying "unset") is read as null.
/// </summary>
public sealed record Beds24Booking
{
    public long? Id { get; init; }
    public long? MasterId { get; init; }
    public long? PropertyId { get; init; }
    public long? RoomId { get; init; }
    public long? UnitId { get; init; }
    public int? RoomQty { get; init; }
    /// <summary>confirmed, request, new, cancelled, black, inquiry.</summary>
    public string? Status { get; init; }
    public string? SubStatus { get; init; }
    public DateOnly? Arrival { get; init; }
    public DateOnly? Departure { get; init; }
    public int? NumAdult { get; init; }
    public int? NumChild { get; init; }
    public string? Title { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? Mobile { get; init; }
    public string? Company { get; init; }
    public string? Address { get; init; }
    public string? City { get; init; }
    public string? State { get; init; }
    public string? Postcode { get; init; }
    /// <summary>Free text as typed by the guest or channel (e.g. "ru"); prefer <see cref="Country2"/>.</summary>
    public string? Country { get; init; }
    /// <summary>ISO 3166-1 alpha-2 country code.</summary>
    public string? Country2 { get; init; }
    public string? Lang { get; init; }
    public string? Comments { get; init; }
    public string? Notes { get; init; }
    public decimal? Price { get; init; }
    public decimal? Deposit { get; init; }
    public decimal? Tax { get; init; }
    public decimal? Commission { get; init; }
    public string? Channel { get; init; }
    /// <summary>The channel a booking came through, by name (e.g. "Airbnb"); live responses may carry this and no <see cref="Channel"/>.</summary>
    public string? ApiSource { get; init; }
    public int? ApiSourceId { get; init; }
    /// <summary>
    /// Not ours: on channel bookings the OTA's own reference, shared by the rooms of one multi-room reservation. Not in
    /// the POST schema; whether Beds24 keeps one sent on POST is unverified. Never read it as a PMS reservation id.
    /// </summary>
    public string? ApiReference { get; init; }
    public string? Referer { get; init; }
    public DateTimeOffset? BookingTime { get; init; }
    public DateTimeOffset? ModifiedTime { get; init; }
    public DateTimeOffset? CancelTime { get; init; }
    public IReadOnlyList<Beds24InvoiceItem>? InvoiceItems { get; init; }
    public IReadOnlyList<Beds24InfoItem>? InfoItems { get; init; }

    /// <summary>Write-only: actions Beds24 applies to this POST item (sent as the nested <c>actions</c> object).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Beds24BookingActions? Actions { get; init; }
}

public sealed record Beds24InvoiceItem
{
    public long? Id { get; init; }
    public string? Type { get; init; }
    public string? Description { get; init; }
    public decimal? Qty { get; init; }
    public decimal? Amount { get; init; }
    public decimal? LineTotal { get; init; }
}

public sealed record Beds24InfoItem
{
    public long? Id { get; init; }
    public string? Code { get; init; }
    public string? Text { get; init; }
}

/// <summary>
/// Actions Beds24 accepts on POST /bookings items (OpenAPI <c>bookingActions</c>): sent inside the item as
/// <c>"actions": { ... }</c>; unset actions are left out.
/// </summary>
public sealed record Beds24BookingActions
{
    /// <summary>New bookings only: do not save the booking if the room has no availability.</summary>
    public bool? CheckAvailability { get; init; }
    /// <summary>New bookings only: use room dependencies to assign another room type or the first free unit.</summary>
    public bool? AssignBooking { get; init; }
    public bool? NotifyGuest { get; init; }
    /// <summary>New bookings only.</summary>
    public bool? NotifyHost { get; init; }
    /// <summary>Let this write fire booking webhooks (API writes do not by default).</summary>
    public bool? AllowWebhooks { get; init; }
    /// <summary>New bookings only: put every item with this action into one booking group.</summary>
    public bool? MakeGroup { get; init; }
    /// <summary>New bookings only: create a charge from the price when no invoice items are sent.</summary>
    public bool? AutoInvoiceItemCharge { get; init; }
    /// <summary>Existing bookings only: delete all (unlocked) invoice items.</summary>
    public bool? DeleteInvoice { get; init; }
    /// <summary>Existing bookings only: assign an invoice number without an invoicee.</summary>
    public bool? AssignInvoiceNumber { get; init; }
}
