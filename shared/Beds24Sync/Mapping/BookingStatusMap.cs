using Beds24.Api.Models;
using Beds24Sync.Contracts;

namespace Beds24Sync.Mapping;

/// <summary>PMS reservation status ↔ Beds24 booking status.</summary>
public static class BookingStatusMap
{
    public static string ToBeds24(string pmsStatus) => pmsStatus switch
    {
        PmsReservationStatuses.Confirmed => Beds24BookingStatuses.Confirmed,
        PmsReservationStatuses.Tentative => Beds24BookingStatuses.Request,
        PmsReservationStatuses.Cancelled => Beds24BookingStatuses.Cancelled,
        PmsReservationStatuses.Blocked => Beds24BookingStatuses.Black,
        PmsReservationStatuses.Inquiry => Beds24BookingStatuses.Inquiry,
        _ => throw new MappingException($"Unknown PMS reservation status '{pmsStatus}'."),
    };

    public static string ToPms(string? beds24Status) => beds24Status switch
    {
        Beds24BookingStatuses.Confirmed or Beds24BookingStatuses.New or null => PmsReservationStatuses.Confirmed,
        Beds24BookingStatuses.Request => PmsReservationStatuses.Tentative,
        Beds24BookingStatuses.Cancelled => PmsReservationStatuses.Cancelled,
        Beds24BookingStatuses.Black => PmsReservationStatuses.Blocked,
        Beds24BookingStatuses.Inquiry => PmsReservationStatuses.Inquiry,
        _ => throw new MappingException($"Unknown Beds24 booking status '{beds24Status}'."),
    };
}
