using Beds24.Api.Models;
using Beds24Sync.BookingLinks;
using Beds24Sync.Contracts;

namespace Beds24Sync.Mapping;

/// <summary>PMS reservation ↔ Beds24 booking, through the room mapping. Full state both ways, never a diff.</summary>
public static class BookingMapper
{
    /// <summary>Prefix of reservation ids we give to bookings that started in Beds24 (the PMS keeps them as its key).</summary>
    public const string Beds24ReservationPrefix = "beds24-";

    /// <summary>The channel of a booking made with the hotel directly (the PMS contract's word, and Beds24's).</summary>
    public const string DirectChannel = "direct";

    /// <param name="existingBookingId">The Beds24 booking to modify; null to create one (then our marker goes with it).</param>
    public static Beds24Booking ToBeds24(PmsReservation reservation, RoomMapping room, long? existingBookingId)
    {
        var guest = reservation.Guest;
        var holdsInventory = reservation.Status is not (PmsReservationStatuses.Cancelled or PmsReservationStatuses.Inquiry);
        var country = Clean(guest?.Country);
        var isCode = country is { Length: 2 } && country.All(char.IsAsciiLetter);
        // Text is cut to newBooking's maxLength: Beds24 refuses the whole item otherwise, and a refused booking holds no room.
        return new Beds24Booking
        {
            Id = existingBookingId,
            RoomId = room.Beds24RoomId,
            Status = BookingStatusMap.ToBeds24(reservation.Status),
            Arrival = reservation.Arrival,
            Departure = reservation.Departure,
            NumAdult = reservation.Adults,
            NumChild = reservation.Children,
            Title = Cut(guest?.Title, 100),
            FirstName = Cut(guest?.FirstName, 100),
            LastName = Cut(guest?.LastName, 100),
            Email = Cut(guest?.Email, 100),
            Phone = Cut(guest?.Phone, 100),
            Company = Cut(guest?.Company, 100),
            Address = Cut(guest?.Address, 250),
            City = Cut(guest?.City, 100),
            State = Cut(guest?.State, 100),
            Postcode = Cut(guest?.Postcode, 100),
            Country = isCode ? null : Cut(country, 100),
            Country2 = isCode ? country!.ToUpperInvariant() : null,
            Lang = Clean(guest?.Language) is { Length: 2 } lang ? lang.ToLowerInvariant() : null,
            Notes = Cut(reservation.Notes, 2000),
            Price = reservation.TotalAmount,
            // Our marker makes the booking ours; apiReference is not in the POST schema and is the OTA's field.
            InfoItems = existingBookingId is null ? [BookingIdentity.MarkerFor(reservation.ReservationId)] : null,
            // A new booking must not overbook: Beds24 refuses it when the room has no availability.
            Actions = existingBookingId is null && holdsInventory ? new Beds24BookingActions { CheckAvailability = true } : null,
        };
    }

    /// <param name="fallbackChannel">The channel to report when Beds24 names none (the link's, for bookings the PMS made).</param>
    public static PmsReservation ToPms(Beds24Booking booking, RoomMapping room, string reservationId, string? pmsGuestId, string? fallbackChannel = null) => new()
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
            Title = Clean(booking.Title),
            FirstName = Clean(booking.FirstName),
            LastName = Clean(booking.LastName),
            Email = Clean(booking.Email),
            Phone = Clean(booking.Phone) ?? Clean(booking.Mobile),
            Company = Clean(booking.Company),
            Address = Clean(booking.Address),
            City = Clean(booking.City),
            State = Clean(booking.State),
            Postcode = Clean(booking.Postcode),
            Country = CountryOf(booking),
            Language = Clean(booking.Lang),
        },
        TotalAmount = booking.Price,
        Channel = ChannelOf(booking) ?? fallbackChannel ?? (MadeThroughApi(booking) ? DirectChannel : "beds24"),
        Notes = Clean(booking.Notes),
    };

    /// <summary>
    /// The channel a booking came through: <c>channel</c>, else <c>apiSource</c>, else <c>referer</c> (live responses
    /// may carry no channel field), normalised ("Booking.com" → "booking", "Airbnb" → "airbnb"). Null when Beds24 names
    /// none. A booking naming any channel is never taken for a direct one by accident: the conflict rules read anything
    /// but direct/pms/walkin/phone/email/beds24 as an OTA.
    /// </summary>
    public static string? ChannelOf(Beds24Booking booking)
    {
        if (MadeThroughApi(booking))
        {
            return null;
        }

        var raw = Clean(booking.Channel) ?? Clean(booking.ApiSource) ?? Clean(booking.Referer);
        if (raw is null)
        {
            return null;
        }

        var site = raw.EndsWith(".com", StringComparison.OrdinalIgnoreCase) ? raw[..^4] : raw;
        var name = new string([.. site.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)]);
        return name.Length == 0 ? null : name;
    }

    /// <summary>
    /// A booking written through the API, ours or another client's: live Beds24 reads it back as <c>referer: "API"</c>
    /// and, where it sends the field, <c>channel: "direct"</c>, with no <c>apiSource</c>. Its real channel is known only
    /// to whoever wrote it (for ours, the PMS: the link's channel), so <see cref="ChannelOf"/> names none; taken at its
    /// word, "API" would read as an OTA name and let Beds24 win every conflict on the PMS's own reservations.
    /// </summary>
    public static bool MadeThroughApi(Beds24Booking booking) =>
        Clean(booking.ApiSource) is null
        && string.Equals(Clean(booking.Referer), "API", StringComparison.OrdinalIgnoreCase)
        && (Clean(booking.Channel) is not { } channel || string.Equals(channel, DirectChannel, StringComparison.OrdinalIgnoreCase));

    /// <summary>The ISO code from <c>country2</c>; else <c>country</c> when it is a 2-letter code; else the free text.</summary>
    public static string? CountryOf(Beds24Booking booking)
    {
        if (Clean(booking.Country2) is { Length: 2 } code)
        {
            return code.ToUpperInvariant();
        }

        var text = Clean(booking.Country);
        return text is { Length: 2 } && text.All(char.IsAsciiLetter) ? text.ToUpperInvariant() : text;
    }

    /// <summary>The PMS reservation id for a Beds24 booking: the one our marker names when we created it, else "beds24-{id}".</summary>
    public static string ReservationIdFor(Beds24Booking booking) =>
        BookingIdentity.MarkedReservationId(booking) ?? Beds24ReservationPrefix + booking.Id;

    /// <summary>Beds24 sends "" for unset text: that is no value.</summary>
    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string? Cut(string? text, int max) => Clean(text) is { } t && t.Length > max ? t[..max] : Clean(text);
}
