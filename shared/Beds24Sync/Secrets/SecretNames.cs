using System.Text.RegularExpressions;

namespace Beds24Sync.Secrets;

/// <summary>Secret names follow Key Vault's rules (1-127 letters, digits and dashes) everywhere, so local and Azure agree.</summary>
public static partial class SecretNames
{
    public static string RefreshToken(string accountId) => "beds24-refresh-" + Regex.Replace(accountId.ToLowerInvariant(), "[^a-z0-9-]", "-");

    public static void Validate(string name)
    {
        if (!Pattern().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a valid secret name: use 1-127 letters, digits and dashes.", nameof(name));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9-]{1,127}$")]
    private static partial Regex Pattern();
}
