namespace Beds24Sync.Secrets;

/// <summary>Section <c>SecretStore</c>: Key Vault in Azure, configuration + a local file on a developer machine.</summary>
public sealed class SecretStoreOptions
{
    public const string SectionName = "SecretStore";

    /// <summary>e.g. https://my-vault.vault.azure.net/ — when set, secrets come from Key Vault.</summary>
    public Uri? KeyVaultUri { get; set; }

    /// <summary>Local secrets file (never inside the repository), e.g. ~/.beds24sync/secrets.json.</summary>
    public string? LocalFile { get; set; }

    /// <summary>How long a Key Vault secret is reused before it is read again.</summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromMinutes(5);
}
