using Beds24.Api.Models;
using Beds24Sync.Contracts;

namespace Beds24Sync.Guests;

/// <summary>
/// Finds the PMS guest of a Beds24 booking: the stored link, then email, then phone (E.164 with the property's
/// country as default region), else a new guest. Several candidates are reported as ambiguous, never guessed.
/// Guests the PMS itself named (on reservations it pushed) are learned, so later bookings by them match.
/// </summary>
public sealed class GuestMatcher(IGuestLinkStore links)
{
    public const string ByLink = "link";
    public const string ByEmail = "email";
    public const string ByPhone = "phone";
    public const string New = "new";
    public const string Ambiguous = "ambiguous";

    /// <param name="pmsGuest">The guest of the PMS reservation linked to this booking, when the PMS told us one.</param>
    /// <param name="countryCode">The property's ISO country: default region for phone numbers without a country code.</param>
    public async Task<GuestMatch> MatchAsync(string accountId, Beds24Booking booking, PmsGuest? pmsGuest, string? countryCode, CancellationToken cancellationToken)
    {
        var linked = booking.Id is { } id ? await links.GetByBookingAsync(accountId, id, cancellationToken).ConfigureAwait(false) : null;
        if (pmsGuest?.GuestId is { Length: > 0 } known)
        {
            if (!string.Equals(linked, known, StringComparison.Ordinal))
            {
                await links.LinkAsync(accountId, known, booking.Id, GuestIdentity.NormaliseEmail(pmsGuest.Email),
                    GuestIdentity.NormalisePhone(pmsGuest.Phone, countryCode), cancellationToken).ConfigureAwait(false);
            }

            return new GuestMatch(ByLink, known);
        }

        if (linked is not null)
        {
            return new GuestMatch(ByLink, linked);
        }

        if (GuestIdentity.NormaliseEmail(booking.Email) is { } email
            && Decide(await links.FindByEmailAsync(accountId, email, cancellationToken).ConfigureAwait(false), ByEmail) is { } byEmail)
        {
            return byEmail;
        }

        foreach (var phone in new[] { booking.Phone, booking.Mobile })
        {
            if (GuestIdentity.NormalisePhone(phone, countryCode) is { } e164
                && Decide(await links.FindByPhoneAsync(accountId, e164, cancellationToken).ConfigureAwait(false), ByPhone) is { } byPhone)
            {
                return byPhone;
            }
        }

        return new GuestMatch(New, null);
    }

    private static GuestMatch? Decide(IReadOnlyList<string> candidates, string method) => candidates.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList() switch
    {
        [] => null,
        [var single] => new GuestMatch(method, single),
        var many => new GuestMatch(Ambiguous, null, many),
    };
}
