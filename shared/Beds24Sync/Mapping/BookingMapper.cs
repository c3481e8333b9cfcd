using Beds24.Api.Models;
using Beds24Sync.Contracts;

namespace Beds24Sync.Mapping;

/// <summary>PMS reservation ↔ Beds24 booking, through the room mapping. Full state both ways, never a diff.</summary>
public static class BookingMapper
{
    /// <summary>Prefix of reservation ids we give to bookings that started in Beds24 (the PMS keeps them as its key).</summary>
    public const string Beds24ReservationPrefix = "beds24-";

    /// <param name="existingBookingId">The Beds24 booking to modify; null to create one.</param>
    public static Beds24Booking ToBeds24(PmsReservation reservation, RoomMapping room, long? existingBookingId)
    {
        var guest = reservation.Guest;
        var holdsInventory = reservation.Status is not (PmsReservationStatuses.Cancelled or PmsReservationStatuses.Inquiry);
        return new Beds24Booking
        {
            Id = existingBookingId,
            RoomId = room.Beds24RoomId,
            Status = BookingStatusMap.ToBeds24(reservation.Status),
            Arrival = reservation.Arrival,
            Departure = reservation.Departure,
            NumAdult = reservation.Adults,
            NumChild = reservation.Children,
            Title = guest?.Title,
            FirstName = guest?.FirstName,
            LastName = guest?.LastName,
            Email = guest?.Email,
            Phone = guest?.Phone,
            Company = guest?.Company,
            Address = guest?.Address,
            City = guest?.City,
            State = guest?.State,
            Postcode = guest?.Postcode,
            Country = guest?.Country,
            Lang = guest?.Language,
            Notes = reservation.Notes,
            Price = reservation.TotalAmount,
            ApiReference = reservation.ReservationId.StartsWith(Beds24ReservationPrefix, StringComparison.Ordinal) ? null : reservation.ReservationId,
            // A new booking must not overbook: Beds24 refuses it when the room has no availability.
            Actions = existingBookingId is null && holdsInventory ? new Beds24BookingActions { CheckAvailability = true } : null,
        };
    }

    public static PmsReservation ToPms(Beds24Booking booking, RoomMapping room, string reservationId, string? pmsGuestId) => new()
    {
        ReservationId = reservationId,
        PropertyId = room.PmsPropertyId,
        RoomTypeId = room.PmsRoomTypeId,
        Status = BookingStatusMap.ToPms(booking.Status),
        Arrival = booking.Arrival ?? throw new MappingException($"Beds24 booking {booking.Id} has no arrival date."),
        Departure = booking.Departure ?? throw new MappingException($"Beds24 booking {booking.Id} has no departure date."),
        Adults = booking.NumAdult ?? 1,
        Children = booking.NumChild ?? 0,
        Guest = new PmsGuest
        {
            GuestId = pmsGuestId,
            Title = booking.Title,
            FirstName = booking.FirstName,
            LastName = booking.LastName,
            Email = booking.Email,
            Phone = booking.Phone ?? booking.Mobile,
            Company = booking.Company,
            Address = booking.Address,
            City = booking.City,
            State = booking.State,
            Postcode = booking.Postcode,
            Country = booking.Country,
            Language = booking.Lang,
        },
        TotalAmount = booking.Price,
        Channel = string.IsNullOrEmpty(booking.Channel) ? (string.IsNullOrEmpty(booking.ApiReference) ? "beds24" : "direct") : booking.Channel,
        Notes = booking.Notes,
    };

    /// <summary>The PMS reservation id for a Beds24 booking: its apiReference when we created it, else "beds24-{id}".</summary>
    public static string ReservationIdFor(Beds24Booking booking) =>
        !string.IsNullOrEmpty(booking.ApiReference) ? booking.ApiReference : Beds24ReservationPrefix + booking.Id;
}
