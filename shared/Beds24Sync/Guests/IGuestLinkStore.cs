namespace Beds24Sync.Guests;

/// <summary>
/// GuestLinks: Beds24 booking → PMS guest, and indexes from normalised email / E.164 phone to PMS guest ids.
/// Implementations never store raw emails or phone numbers as keys.
/// </summary>
public interface IGuestLinkStore
{
    Task<string?> GetByBookingAsync(string accountId, long beds24BookingId, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> FindByEmailAsync(string accountId, string normalisedEmail, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> FindByPhoneAsync(string accountId, string e164, CancellationToken cancellationToken);

    /// <summary>Remember a PMS guest under its booking, email and phone (any may be null).</summary>
    Task LinkAsync(string accountId, string guestId, long? beds24BookingId, string? normalisedEmail, string? e164, CancellationToken cancellationToken);
}
