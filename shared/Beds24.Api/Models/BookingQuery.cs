namespace Beds24.Api.Models;

/// <summary>Filters for GET /bookings. Arrays repeat on the wire (<c>id=1&amp;id=2</c>). Dates are property-local.</summary>
public sealed record BookingQuery
{
    public IReadOnlyList<long>? Ids { get; init; }
    public IReadOnlyList<long>? PropertyIds { get; init; }
    public IReadOnlyList<long>? RoomIds { get; init; }
    public IReadOnlyList<long>? MasterIds { get; init; }
    public IReadOnlyList<string>? ApiReferences { get; init; }
    /// <summary>Null means Beds24's default, which leaves cancelled bookings out.</summary>
    public IReadOnlyList<string>? Statuses { get; init; }
    /// <summary>Beds24's shortcut filter: arrivals, departures, new or current (relative to the property's today).</summary>
    public string? Filter { get; init; }
    /// <summary>One channel code, e.g. booking, airbnb, direct.</summary>
    public string? Channel { get; init; }
    public DateOnly? Arrival { get; init; }
    public DateOnly? ArrivalFrom { get; init; }
    public DateOnly? ArrivalTo { get; init; }
    public DateOnly? Departure { get; init; }
    public DateOnly? DepartureFrom { get; init; }
    public DateOnly? DepartureTo { get; init; }
    public DateTimeOffset? BookingTimeFrom { get; init; }
    public DateTimeOffset? BookingTimeTo { get; init; }
    public DateTimeOffset? ModifiedFrom { get; init; }
    public DateTimeOffset? ModifiedTo { get; init; }
    public string? SearchString { get; init; }
    public bool IncludeInvoiceItems { get; init; }
    public bool IncludeInfoItems { get; init; }
    public bool IncludeGuests { get; init; }
    public bool IncludeBookingGroup { get; init; }
}
