using Beds24.Simulator;
using Beds24Sync.BookingLinks;

namespace Beds24.Testing;

/// <summary>How tests tell which PMS reservation a simulated booking was created for: by our marker, as the engine does.</summary>
public static class SimBookingIdentity
{
    /// <summary>The PMS reservation id our marker names, or null for a booking not created by us.</summary>
    public static string? PmsReservationId(this SimBooking booking) =>
        booking.InfoItems.FirstOrDefault(i => i.Code == BookingIdentity.MarkerCode)?.Text;
}
