using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Secrets;

/// <summary>
/// Secrets for local runs: read from configuration <c>Secrets:{name}</c> (user secrets, environment) or from a JSON
/// file outside the repository that <c>connect</c> writes to (SecretStoreOptions.LocalFile).
/// </summary>
public sealed class ConfigurationSecretStore(IConfiguration configuration, IOptions<SecretStoreOptions> options) : ISecretStore
{
    private readonly ConcurrentDictionary<string, string> _written = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _fileLock = new(1, 1);

    public async ValueTask<string?> GetSecretAsync(string name, CancellationToken cancellationToken)
    {
        SecretNames.Validate(name);
        if (_written.TryGetValue(name, out var written))
        {
            return written;
        }

        if (configuration[$"Secrets:{name}"] is { Length: > 0 } configured)
        {
            return configured;
        }

        var file = options.Value.LocalFile;
        if (string.IsNullOrEmpty(file) || !File.Exists(file))
        {
            return null;
        }

        var json = JsonNode.Parse(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false)) as JsonObject;
        return json?[name]?.GetValue<string>();
    }

    public async Task SetSecretAsync(string name, string value, CancellationToken cancellationToken)
    {
        SecretNames.Validate(name);
        _written[name] = value;
        var file = options.Value.LocalFile;
        if (string.IsNullOrEmpty(file))
        {
            return;
        }

        await _fileLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            var json = File.Exists(file) ? JsonNode.Parse(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false)) as JsonObject ?? [] : [];
            json[name] = value;
            await File.WriteAllTextAsync(file, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), cancellationToken).ConfigureAwait(false);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        finally
        {
            _fileLock.Release();
        }
    }
}
