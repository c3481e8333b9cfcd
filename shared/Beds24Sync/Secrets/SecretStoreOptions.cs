using System.ComponentModel.DataAnnotations;

namespace Beds24Sync.Secrets;

/// <summary>Section <c>SecretStore</c>: Key Vault in Azure, configuration + a local file on a developer machine.</summary>
public sealed class SecretStoreOptions
{
    public const string SectionName = "SecretStore";

    /// <summary>e.g. https://my-vault.vault.azure.net/ — when set, secrets come from Key Vault.</summary>
    public Uri? KeyVaultUri { get; set; }

    /// <summary>Local secrets file written by <c>connect</c> (never inside a repository), e.g. ~/.beds24sync/secrets.json.</summary>
    public string? LocalFile { get; set; }

    /// <summary>How long a Key Vault secret is reused before it is read again.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long "no such secret" is remembered: short, so a secret set by an operator is picked up soon.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MissingCacheDuration { get; set; } = TimeSpan.FromSeconds(30);
}
