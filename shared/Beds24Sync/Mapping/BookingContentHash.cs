using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Beds24.Api.Models;
using Beds24Sync.Contracts;

namespace Beds24Sync.Mapping;

/// <summary>
/// Stable hashes of what matters about a booking, to tell a real change from a duplicate delivery. Only business
/// fields count (not modifiedTime, not fields Beds24 computes).
/// </summary>
public static class BookingContentHash
{
    public static string Of(Beds24Booking b) => Hash(string.Join('\u001f',
        b.Status, b.RoomId, b.UnitId, Date(b.Arrival), Date(b.Departure), b.NumAdult, b.NumChild,
        b.FirstName, b.LastName, b.Email, b.Phone, b.Mobile, Money(b.Price), b.ApiReference, b.Notes));

    public static string Of(PmsReservation r) => Hash(SyncJson.Serialize(r));

    private static string Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    private static string Money(decimal? m) => m?.ToString("0.00", CultureInfo.InvariantCulture) ?? "";

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 16);
}
