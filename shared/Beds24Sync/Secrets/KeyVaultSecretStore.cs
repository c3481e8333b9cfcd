using System.Collections.Concurrent;
using Azure;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Secrets;

/// <summary>Azure Key Vault secrets (the client uses DefaultAzureCredential), cached briefly. A missing secret is null.</summary>
public sealed class KeyVaultSecretStore(SecretClient client, IOptions<SecretStoreOptions> options, TimeProvider time) : ISecretStore
{
    private readonly ConcurrentDictionary<string, (string? Value, DateTimeOffset FetchedAt)> _cache = new(StringComparer.Ordinal);

    public async ValueTask<string?> GetSecretAsync(string name, CancellationToken cancellationToken)
    {
        SecretNames.Validate(name);
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(name, out var cached) && now - cached.FetchedAt < options.Value.CacheDuration)
        {
            return cached.Value;
        }

        string? value;
        try
        {
            value = (await client.GetSecretAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false)).Value.Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            value = null;
        }

        _cache[name] = (value, now);
        return value;
    }

    public async Task SetSecretAsync(string name, string value, CancellationToken cancellationToken)
    {
        SecretNames.Validate(name);
        await client.SetSecretAsync(name, value, cancellationToken).ConfigureAwait(false);
        _cache[name] = (value, time.GetUtcNow());
    }
}
