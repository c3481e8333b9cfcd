using Azure.Identity;
using Beds24Functions.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beds24Functions.Tests;

/// <summary>Application Insights with local auth off accepts only Entra ID: the app's exporters must sign in.</summary>
public sealed class TelemetrySetupTests
{
    private const string AppInsightsLogger = "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider";

    private static IConfiguration Settings(string? authentication) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://example.invalid/",
        [TelemetrySetup.AuthenticationStringSetting] = authentication,
    }).Build();

    private static ServiceProvider Build(string? authentication)
    {
        var configuration = Settings(authentication);
        var services = new ServiceCollection().AddLogging();
        // What the worker's Application Insights integration adds: Warning and above only.
        services.Configure<LoggerFilterOptions>(o => o.Rules.Add(new LoggerFilterRule(AppInsightsLogger, null, LogLevel.Warning, null)));
        services.AddBeds24Telemetry(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void AddBeds24Telemetry_EntraAuthenticationString_ExportersSignInWithTheManagedIdentity()
    {
        // The infra sets exactly this (ClientId of the user-assigned identity; Application Insights has local auth off).
        var exporter = TelemetrySetup.ExporterOptionsFrom(Settings("ClientId=11111111-2222-3333-4444-555555555555;Authorization=AAD"))!;

        Assert.IsType<ManagedIdentityCredential>(exporter.Credential);
        Assert.Contains("InstrumentationKey=", exporter.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public void AddBeds24Telemetry_NoAuthenticationString_ExportersUseTheConnectionStringAlone()
    {
        Assert.Null(TelemetrySetup.ExporterOptionsFrom(Settings(null))!.Credential);
        Assert.Null(TelemetrySetup.ExporterOptionsFrom(new ConfigurationBuilder().Build())); // no connection string: nothing exported
    }

    [Fact]
    public void AddBeds24Telemetry_InformationLogs_AreNoLongerFilteredAway()
    {
        using var services = Build("Authorization=AAD");

        Assert.DoesNotContain(services.GetRequiredService<IOptions<LoggerFilterOptions>>().Value.Rules, r => r.ProviderName == AppInsightsLogger);
    }

    [Theory]
    [InlineData("Authorization=AAD", true)]
    [InlineData(" authorization = aad ; clientid = abc ", true)]
    [InlineData("", false)]
    public void CredentialFrom_Setting_IsTheManagedIdentityOrNothing(string setting, bool expected) =>
        Assert.Equal(expected, TelemetrySetup.CredentialFrom(setting) is ManagedIdentityCredential);

    [Fact]
    public void CredentialFrom_SomethingElse_FailsAtStartWithTheSettingNamed()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TelemetrySetup.CredentialFrom("InstrumentationKey=x"));

        Assert.Contains(TelemetrySetup.AuthenticationStringSetting, error.Message, StringComparison.Ordinal);
    }
}
