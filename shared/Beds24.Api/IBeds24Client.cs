using Beds24.Api.Models;

namespace Beds24.Api;

/// <summary>
/// Beds24 API v2 for one Beds24 account. Every call authenticates with the account's cached access token,
/// waits for the account's credit budget, and throws a <see cref="Errors.Beds24ApiException"/> subtype on failure.
/// </summary>
public interface IBeds24Client
{
    /// <summary>The Beds24 account (our id for it) this client acts for.</summary>
    string AccountId { get; }

    /// <summary>The credit budget as last reported by Beds24, or null before the first call.</summary>
    Beds24CreditState? CreditState { get; }

    Task<Beds24TokenDetails> GetTokenDetailsAsync(CancellationToken cancellationToken = default);

    /// <summary>Every booking matching the query, following every page.</summary>
    IAsyncEnumerable<Beds24Booking> GetBookingsAsync(BookingQuery query, CancellationToken cancellationToken = default);

    /// <summary>POST /bookings: items without id create, with id modify. One result per item, same order.</summary>
    Task<IReadOnlyList<Beds24WriteResult>> WriteBookingsAsync(IReadOnlyList<Beds24Booking> bookings, CancellationToken cancellationToken = default);

    /// <summary>DELETE /bookings?id=…: one result per id, same order.</summary>
    Task<IReadOnlyList<Beds24WriteResult>> DeleteBookingsAsync(IReadOnlyList<long> bookingIds, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Beds24RoomCalendar>> GetCalendarAsync(CalendarQuery query, CancellationToken cancellationToken = default);

    /// <summary>POST /inventory/rooms/calendar with many rooms and ranges in one call.</summary>
    Task<IReadOnlyList<Beds24CalendarWriteResult>> UpdateCalendarAsync(IReadOnlyList<Beds24RoomCalendar> rooms, CancellationToken cancellationToken = default);

    IAsyncEnumerable<Beds24Property> GetPropertiesAsync(PropertyQuery query, CancellationToken cancellationToken = default);
}

/// <summary>Creates (and caches) one <see cref="IBeds24Client"/> per account; the token cache and credit budget are per account.</summary>
public interface IBeds24ClientFactory
{
    IBeds24Client GetClient(string accountId);

    /// <summary>GET /authentication/setup: exchange a one-time invite code for a refresh token. Needs no account.</summary>
    Task<Beds24AuthenticationSetup> ExchangeInviteCodeAsync(string inviteCode, string? deviceName = null, CancellationToken cancellationToken = default);

    /// <summary>DELETE /authentication/token: revoke an account's refresh token.</summary>
    Task RevokeRefreshTokenAsync(string accountId, CancellationToken cancellationToken = default);
}
