using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Beds24Sync.Secrets;

/// <summary>Secret names follow Key Vault's rules (1-127 letters, digits and dashes) everywhere, so local and Azure agree.</summary>
public static partial class SecretNames
{
    /// <summary>The account's Beds24 refresh token.</summary>
    public static string RefreshToken(string accountId) => "beds24-refresh-" + ForAccount(accountId);

    /// <summary>The value Beds24 sends in the webhook's secret header for this account (one secret per account).</summary>
    public static string WebhookSecret(string accountId) => "beds24-webhook-" + ForAccount(accountId);

    public static void Validate(string name)
    {
        if (!Pattern().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a valid secret name: use 1-127 letters, digits and dashes.", nameof(name));
        }
    }

    /// <summary>
    /// Key Vault names ignore case and allow no '.' or '_', so ids that differ only there (<c>harbour.group</c>,
    /// <c>Harbour_Group</c>) would share one secret. An id already in Key Vault's alphabet, lower case, keeps its plain
    /// name (as before); any other gets a short hash of the exact id appended, so distinct ids never share a secret.
    /// </summary>
    private static string ForAccount(string accountId)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        if (PlainId().IsMatch(accountId))
        {
            return accountId;
        }

        var slug = NotAllowed().Replace(accountId.ToLowerInvariant(), "-");
        return slug + "-x" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(accountId)), 0, 4);
    }

    [GeneratedRegex("^[A-Za-z0-9-]{1,127}$")]
    private static partial Regex Pattern();

    [GeneratedRegex("^[a-z0-9-]{1,100}$")]
    private static partial Regex PlainId();

    [GeneratedRegex("[^a-z0-9-]")]
    private static partial Regex NotAllowed();
}
