using Beds24.Api;
using Beds24.Api.Auth;
using Beds24Sync.Alerts;
using Beds24Sync.Hosting;
using Beds24Sync.Operations;
using Beds24Sync.Queues;
using Beds24Sync.Secrets;
using Beds24Sync.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Tests.Hosting;

/// <summary>AddBeds24Sync builds a complete, validated engine from configuration alone (no storage is contacted).</summary>
public sealed class CompositionTests
{
    private static ServiceProvider Build(Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Beds24:BaseAddress"] = "http://127.0.0.1:5080/v2/",
            ["Guests:HashKey"] = "unit-test-key",
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddBeds24Sync(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public void AddBeds24Sync_LocalSettings_ResolvesTheEngineWithOneTelemetryAndTheCompositeNotifier()
    {
        using var services = Build();

        services.GetRequiredService<IStartupValidator>().Validate();

        Assert.Same(services.GetRequiredService<SyncTelemetry>(), services.GetRequiredService<ISyncTelemetry>());
        Assert.IsType<ConfigurationSecretStore>(services.GetRequiredService<ISecretStore>());
        Assert.IsType<SecretStoreRefreshTokenSource>(services.GetRequiredService<IBeds24RefreshTokenSource>());
        var notifier = Assert.IsType<CompositeAlertNotifier>(services.GetRequiredService<IAlertNotifier>());
        Assert.Equal([typeof(LoggingAlertNotifier), typeof(WebhookAlertNotifier)], notifier.Notifiers.Select(n => n.GetType()));
        Assert.NotNull(services.GetRequiredService<StatusService>());
        Assert.NotNull(services.GetRequiredService<StatusEndpoints>());
        Assert.NotNull(services.GetRequiredService<HealthService>());
        Assert.NotNull(services.GetRequiredService<IBeds24ClientFactory>());
        // Each feature's store, registered by its own area; the credit budget shared through storage, not in memory.
        Assert.IsType<Beds24Sync.Accounts.TableCreditBudgetStore>(services.GetRequiredService<Beds24.Api.Credits.ICreditBudgetStore>());
        Assert.IsType<Beds24Sync.Accounts.TableAccountStore>(services.GetRequiredService<Beds24Sync.Accounts.IAccountStore>());
        Assert.IsType<Beds24Sync.BookingLinks.TableBookingLinkStore>(services.GetRequiredService<Beds24Sync.BookingLinks.IBookingLinkStore>());
        Assert.IsType<Beds24Sync.Mapping.TableMappingStore>(services.GetRequiredService<Beds24Sync.Mapping.IMappingStore>());
        Assert.IsType<Beds24Sync.DeadLetters.TableDeadLetterStore>(services.GetRequiredService<Beds24Sync.DeadLetters.IDeadLetterStore>());
        Assert.NotNull(services.GetRequiredService<Beds24Sync.Calendar.CalendarFlushService>());
        Assert.NotNull(services.GetRequiredService<Beds24Sync.Queues.QueueMessageProcessor>());
    }

    [Fact]
    public void AddBeds24Sync_CalledTwice_StillOneInboundHandlerAndNoPushHandlerOfItsOwn()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Guests:HashKey"] = "unit-test-key",
        }).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration)
            .AddBeds24Sync(configuration).AddBeds24Sync(configuration).BuildServiceProvider();

        var queues = services.GetServices<IQueueMessageHandler>().Select(h => h.QueueName).Order().ToList();

        // The push queues are handled by the workflow layer's start handlers, made by each host with its Durable client.
        Assert.Equal([StorageNames.Queues.Beds24Inbound], queues);
    }

    [Fact]
    public void AddBeds24Sync_KeyVaultConfigured_UsesKeyVault()
    {
        using var services = Build(new() { ["SecretStore:KeyVaultUri"] = "https://my-vault.vault.azure.net/" });

        Assert.IsType<KeyVaultSecretStore>(services.GetRequiredService<ISecretStore>());
    }

    [Theory]
    [InlineData("SecretStore:KeyVaultUri", "http://my-vault.vault.azure.net/", "KeyVaultUri")]
    [InlineData("Operations:StatisticsWindow", "00:00:05", "StatisticsWindow")]
    [InlineData("Alerts:WebhookSecretName", "not_valid", "WebhookSecretName")]
    [InlineData("Guests:HashKey", "@Microsoft.KeyVault(VaultName=kv;SecretName=guest-hash-key)", "'Guests:HashKey' is an unresolved Key Vault reference")]
    [InlineData("Guests:HashKey", "change-me-per-deployment", "'Guests:HashKey' still has the published placeholder")]
    [InlineData("Guests:HashKey", "", "HashKey")]
    [InlineData("Beds24:SomeSecret", "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/x)", "'Beds24:SomeSecret' is an unresolved")]
    public void AddBeds24Sync_BadSetting_FailsAtStartWithTheSettingNamed(string key, string value, string named)
    {
        using var services = Build(new() { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddBeds24Sync_LocalSecretsFileInsideAGitWorkingTree_IsRefusedAtStart()
    {
        var repo = Directory.CreateTempSubdirectory("beds24sync-repo-");
        try
        {
            Directory.CreateDirectory(Path.Combine(repo.FullName, ".git"));
            using var services = Build(new() { ["SecretStore:LocalFile"] = Path.Combine(repo.FullName, "tools", "secrets.json") });

            var error = Assert.ThrowsAny<Exception>(() => services.GetRequiredService<IStartupValidator>().Validate());

            Assert.Contains("git repository", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            repo.Delete(recursive: true);
        }
    }
}
