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
    /// <summary>
    /// Secret name of the value Beds24 sends in this account's webhook header (<see cref="Secrets.SecretNames.WebhookSecret"/>);
    /// null: the shared <c>Webhook:SecretName</c> (accounts registered before secrets were per account).
    /// </summary>
    public string? WebhookSecretName { get; init; }

    /// <summary>
    /// The row after (re)connecting with a new refresh token: a first connect registers the account with a webhook
    /// secret of its own; a reconnect (after a token problem) keeps its name, properties, enabled flag and webhook
    /// secret, and replaces the properties only when new ones are given (an empty list would silently stop the nightly
    /// reconciliation).
    /// </summary>
    public static Beds24Account Connected(Beds24Account? existing, string accountId, string refreshTokenSecretName, IReadOnlyList<long>? propertyIds) =>
        existing is null
            ? new Beds24Account { AccountId = accountId, RefreshTokenSecretName = refreshTokenSecretName, PropertyIds = propertyIds ?? [], WebhookSecretName = Secrets.SecretNames.WebhookSecret(accountId) }
            : existing with { RefreshTokenSecretName = refreshTokenSecretName, PropertyIds = propertyIds is { Count: > 0 } ? propertyIds : existing.PropertyIds };
}
