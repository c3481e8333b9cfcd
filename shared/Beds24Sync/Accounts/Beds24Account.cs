namespace Beds24Sync.Accounts;

/// <summary>
/// One Beds24 account we sync (table <c>Beds24Accounts</c>): settings and the Key Vault secret names, never secrets.
/// </summary>
public sealed record Beds24Account
{
    /// <summary>Our id for the account (also the partition of its per-account rows).</summary>
    public required string AccountId { get; init; }
    public string? DisplayName { get; init; }
    /// <summary>Secret name of the account's Beds24 refresh token.</summary>
    public required string RefreshTokenSecretName { get; init; }
    /// <summary>Beds24 property ids of the account that we sync.</summary>
    public IReadOnlyList<long> PropertyIds { get; init; } = [];
    public bool Enabled { get; init; } = true;
}
