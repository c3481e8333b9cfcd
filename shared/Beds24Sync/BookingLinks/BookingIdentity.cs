using Beds24.Api.Models;

namespace Beds24Sync.BookingLinks;

/// <summary>
/// Which PMS reservation a Beds24 booking belongs to. A booking is ours only when it carries our marker: an info item
/// (<c>{code, text}</c>, allowed by the POST schema, kept by Beds24 and returned with <c>includeInfoItems</c>) whose
/// text is the PMS reservation id, written when we create the booking. <c>apiReference</c> is never read as a
/// reservation id: on channel bookings it is the OTA's reference, shared by the rooms of one reservation. Every
/// booking without our marker is reservation <c>beds24-{id}</c>.
/// </summary>
public static class BookingIdentity
{
    /// <summary>Info item code of our marker.</summary>
    public const string MarkerCode = "PMS-RESERVATION";

    /// <summary>The marker to send with a create.</summary>
    public static Beds24InfoItem MarkerFor(string reservationId) => new() { Code = MarkerCode, Text = reservationId };

    /// <summary>The PMS reservation id our marker names, or null when the booking is not one we created.</summary>
    public static string? MarkedReservationId(Beds24Booking booking) =>
        booking.InfoItems?.FirstOrDefault(i => string.Equals(i.Code, MarkerCode, StringComparison.Ordinal) && !string.IsNullOrWhiteSpace(i.Text))?.Text?.Trim();

    /// <summary>Reads by id that bring the marker along (all statuses: cancelled bookings are left out otherwise).</summary>
    public static BookingQuery ById(IReadOnlyList<long> ids) =>
        new() { Ids = ids, Statuses = Beds24BookingStatuses.All, IncludeInfoItems = true };

    /// <summary>
    /// The bookings a create may have made: same room, same arrival, any status. A date filter also lifts Beds24's
    /// "only current and future" default. The caller keeps those carrying its marker.
    /// </summary>
    public static BookingQuery CreateCandidates(long beds24RoomId, DateOnly arrival) =>
        new() { RoomIds = [beds24RoomId], ArrivalFrom = arrival, ArrivalTo = arrival, Statuses = Beds24BookingStatuses.All, IncludeInfoItems = true };

    /// <summary>
    /// A read that confirms a booking is gone: by id with a modifiedFrom filter no later than its last known
    /// modification, so neither the "current and future only" default nor its dates hide it if it still exists.
    /// </summary>
    public static BookingQuery ConfirmGone(IReadOnlyList<long> bookingIds, DateTimeOffset? lastKnownModified) =>
        new()
        {
            Ids = bookingIds,
            Statuses = Beds24BookingStatuses.All,
            IncludeInfoItems = true,
            ModifiedFrom = (lastKnownModified ?? DateTimeOffset.UnixEpoch).AddDays(-1),
        };
}
