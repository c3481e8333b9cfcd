namespace Beds24Sync.Secrets;

/// <summary>
/// Secrets by name: Azure Key Vault in Azure (DefaultAzureCredential), configuration/user secrets locally.
/// Values are never logged. Names are what <c>Beds24Accounts</c> stores (never the values).
/// </summary>
public interface ISecretStore
{
    /// <returns>The secret's value, or null when no secret has that name.</returns>
    ValueTask<string?> GetSecretAsync(string name, CancellationToken cancellationToken);

    Task SetSecretAsync(string name, string value, CancellationToken cancellationToken);
}
