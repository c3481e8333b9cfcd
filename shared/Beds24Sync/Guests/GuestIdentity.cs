using PhoneNumbers;

namespace Beds24Sync.Guests;

/// <summary>Normalises what identifies a guest: email trimmed and lower-cased, phone to E.164 (libphonenumber).</summary>
public static class GuestIdentity
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    public static string? NormaliseEmail(string? email)
    {
        var trimmed = email?.Trim();
        return string.IsNullOrEmpty(trimmed) || !trimmed.Contains('@', StringComparison.Ordinal) ? null : trimmed.ToLowerInvariant();
    }

    /// <param name="defaultRegion">ISO country of the property, for numbers written without a country code.</param>
    public static string? NormalisePhone(string? phone, string? defaultRegion)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return null;
        }

        try
        {
            var parsed = Phones.Parse(phone, string.IsNullOrWhiteSpace(defaultRegion) ? "ZZ" : defaultRegion.ToUpperInvariant());
            return Phones.IsValidNumber(parsed) ? Phones.Format(parsed, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}
