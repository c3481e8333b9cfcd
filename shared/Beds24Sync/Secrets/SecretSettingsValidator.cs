using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Secrets;

/// <summary>
/// Start-up refuses settings that only look configured: an App Service Key Vault reference that did not resolve
/// stays the literal <c>@Microsoft.KeyVault(...)</c> text (and would silently become, say, the guest hash key), and a
/// secret-like setting left at a published default. Both name the setting, so the fix is obvious.
/// </summary>
internal sealed class SecretSettingsValidator(IConfiguration configuration) : IValidateOptions<SecretStoreOptions>
{
    /// <summary>Values published in this repository's docs or earlier defaults: never a real secret.</summary>
    private static readonly HashSet<string> PublishedDefaults = new(StringComparer.OrdinalIgnoreCase) { "change-me-per-deployment", "changeme", "change-me" };

    private static readonly string[] SecretLikeNames = ["Key", "Secret", "Token", "Password"];

    public ValidateOptionsResult Validate(string? name, SecretStoreOptions options)
    {
        var failures = new List<string>();
        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            var text = value.Trim();
            if (text.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"Setting '{key}' is an unresolved Key Vault reference ({text}): create the secret it names and grant the app's identity 'Key Vault Secrets User', then restart.");
            }
            else if (PublishedDefaults.Contains(text) && SecretLikeNames.Any(n => key.Split(':')[^1].Contains(n, StringComparison.OrdinalIgnoreCase)))
            {
                failures.Add($"Setting '{key}' still has the published placeholder value; set a random value of your own.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
