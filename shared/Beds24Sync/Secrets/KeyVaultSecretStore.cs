using System.Collections.Concurrent;
using Azure;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Secrets;

/// <summary>
/// Azure Key Vault secrets (the client authenticates with DefaultAzureCredential), cached briefly so a busy webhook
/// does not read the vault on every call. A missing secret is null, not an exception; other failures (no access,
/// vault unreachable) surface as <see cref="RequestFailedException"/>.
/// </summary>
public sealed class KeyVaultSecretStore(SecretClient client, IOptions<SecretStoreOptions> options, TimeProvider time) : ISecretStore
{
    private readonly ConcurrentDictionary<string, CachedSecret> _cache = new(StringComparer.Ordinal);

    public async ValueTask<string?> GetSecretAsync(string name, CancellationToken cancellationToken)
    {
        SecretNames.Validate(name);
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(name, out var cached) && now < cached.ExpiresAt)
        {
            return cached.Value;
        }

        string? value;
        try
        {
            value = (await client.GetSecretAsync(name, version: null, cancellationToken: cancellationToken).ConfigureAwait(false)).Value.Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            value = null;
        }

        var lifetime = value is null ? options.Value.MissingCacheDuration : options.Value.CacheDuration;
        _cache[name] = new CachedSecret(value, now + lifetime);
        return value;
    }

    public async Task SetSecretAsync(string name, string value, CancellationToken cancellationToken)
    {
        SecretNames.Validate(name);
        ArgumentException.ThrowIfNullOrEmpty(value);
        await client.SetSecretAsync(name, value, cancellationToken).ConfigureAwait(false);
        _cache[name] = new CachedSecret(value, time.GetUtcNow() + options.Value.CacheDuration);
    }

    private sealed record CachedSecret(string? Value, DateTimeOffset ExpiresAt);
}
