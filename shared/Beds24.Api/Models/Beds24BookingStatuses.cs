namespace Beds24.Api.Models;

/// <summary>Booking status values Beds24 uses on the wire.</summary>
public static class Beds24BookingStatuses
{
    public const string Confirmed = "confirmed";
    public const string Request = "request";
    public const string New = "new";
    public const string Cancelled = "cancelled";
    public const string Black = "black";
    public const string Inquiry = "inquiry";

    /// <summary>Every status, for queries that must not miss cancellations (Beds24 leaves them out by default).</summary>
    public static IReadOnlyList<string> All { get; } = [Confirmed, Request, New, Cancelled, Black, Inquiry];
}
