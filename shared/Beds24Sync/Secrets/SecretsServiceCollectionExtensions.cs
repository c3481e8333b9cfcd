using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Beds24.Api.Auth;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Secrets;

public static class SecretsServiceCollectionExtensions
{
    /// <summary>
    /// The secret store: Key Vault (DefaultAzureCredential) when <c>SecretStore:KeyVaultUri</c> is set, otherwise
    /// configuration <c>Secrets:&lt;name&gt;</c> plus a local file outside any repository; and the Beds24 refresh-token
    /// source that reads each account's token from it. Idempotent.
    /// </summary>
    public static IServiceCollection AddBeds24Secrets(this IServiceCollection services)
    {
        services.AddOptions<SecretStoreOptions>()
            .BindConfiguration(SecretStoreOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.KeyVaultUri is null || (o.KeyVaultUri.IsAbsoluteUri && o.KeyVaultUri.Scheme == Uri.UriSchemeHttps),
                "SecretStore:KeyVaultUri must be the vault's https URI, e.g. https://my-vault.vault.azure.net/")
            .Validate(o => string.IsNullOrWhiteSpace(o.LocalFile) || !SecretFileLocation.IsInsideRepository(o.LocalFile),
                "SecretStore:LocalFile must not be inside a git repository (it would risk committing secrets); use e.g. ~/.beds24sync/secrets.json")
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SecretStoreOptions>, SecretSettingsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ISecretStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SecretStoreOptions>>();
            return options.Value.KeyVaultUri is { } vault
                ? new KeyVaultSecretStore(new SecretClient(vault, new DefaultAzureCredential()), options, sp.GetRequiredService<TimeProvider>())
                : new ConfigurationSecretStore(sp.GetRequiredService<IConfiguration>(), options);
        });
        services.TryAddSingleton<IBeds24RefreshTokenSource, SecretStoreRefreshTokenSource>();
        return services;
    }
}
