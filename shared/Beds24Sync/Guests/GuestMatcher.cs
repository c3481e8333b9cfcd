using Beds24.Api.Models;
using Beds24Sync.Contracts;

namespace Beds24Sync.Guests;

/// <summary>
/// Finds the PMS guest of a Beds24 booking: the stored link, then email, then phone (E.164 with the property's
/// country as default region), else a new guest. Several candidates are reported as ambiguous, never guessed.
/// </summary>
public sealed class GuestMatcher(GuestLinkStore links)
{
    public const string ByLink = "link";
    public const string ByEmail = "email";
    public const string ByPhone = "phone";
    public const string New = "new";
    public const string Ambiguous = "ambiguous";

    public async Task<GuestMatch> MatchAsync(string accountId, Beds24Booking booking, string? countryCode, CancellationToken cancellationToken)
    {
        if (booking.Id is { } id && await links.GetByBookingAsync(accountId, id, cancellationToken).ConfigureAwait(false) is { } linked)
        {
            return new GuestMatch(ByLink, linked);
        }

        if (GuestIdentity.NormaliseEmail(booking.Email) is { } email)
        {
            var byEmail = await links.FindByEmailAsync(accountId, email, cancellationToken).ConfigureAwait(false);
            if (Decide(byEmail, ByEmail) is { } match)
            {
                return match;
            }
        }

        foreach (var phone in new[] { booking.Phone, booking.Mobile })
        {
            if (GuestIdentity.NormalisePhone(phone, countryCode) is { } e164)
            {
                var byPhone = await links.FindByPhoneAsync(accountId, e164, cancellationToken).ConfigureAwait(false);
                if (Decide(byPhone, ByPhone) is { } match)
                {
                    return match;
                }
            }
        }

        return new GuestMatch(New, null);
    }

    private static GuestMatch? Decide(IReadOnlyList<string> candidates, string method) => candidates.Distinct(StringComparer.Ordinal).ToList() switch
    {
        [] => null,
        [var single] => new GuestMatch(method, single),
        var many => new GuestMatch(Ambiguous, null, many),
    };
}
