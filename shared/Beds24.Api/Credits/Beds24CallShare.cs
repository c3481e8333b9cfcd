namespace Beds24.Api.Credits;

/// <summary>
/// Whose credits a call may spend, from the most urgent down. Each share stops at its own reserve
/// (<see cref="Beds24ClientOptions.ReserveFor"/>), so what a lower share leaves is the higher shares' alone.
/// </summary>
public enum Beds24CallShare
{
    /// <summary>The default: availability, prices and restrictions (a stale availability is an overbooking), tokens, operators' calls.</summary>
    Urgent = 0,

    /// <summary>Booking pushes: writes of reservations and the reads they need. A burst (an initial load) must leave room for availability.</summary>
    BookingPushes = 1,

    /// <summary>Reads that can wait for the next window: webhook re-reads, pulls, reconciliation.</summary>
    Background = 2,
}
