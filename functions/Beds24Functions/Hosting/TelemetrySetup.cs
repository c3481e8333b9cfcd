using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Beds24.Api.Diagnostics;
using Beds24Sync.Operations;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Beds24Functions.Hosting;

/// <summary>
/// Telemetry that arrives when Application Insights accepts Entra ID only (infra: DisableLocalAuth): the engine's
/// meters and traces (Azure Monitor exporters) and the worker's logs (Application Insights SDK) both sign in with the
/// identity named by <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> (<c>Authorization=AAD;ClientId=…</c>, the same
/// setting the Functions host reads), and Information logs are no longer dropped by the worker's default filter.
/// </summary>
public static class TelemetrySetup
{
    public const string AuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";
    private const string ApplicationInsightsLoggerProvider = "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider";

    public static IServiceCollection AddBeds24Telemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var credential = CredentialFrom(configuration[AuthenticationStringSetting]);
        if (credential is not null)
        {
            services.Configure<TelemetryConfiguration>(c => c.SetAzureTokenCredential(credential));
        }

        // The worker adds a rule that keeps only Warning and above for Application Insights; host.json decides instead.
        services.Configure<LoggerFilterOptions>(options =>
        {
            var rule = options.Rules.FirstOrDefault(r => r.ProviderName == ApplicationInsightsLoggerProvider);
            if (rule is not null)
            {
                options.Rules.Remove(rule);
            }
        });

        if (ExporterOptionsFrom(configuration) is { } exporter)
        {
            void Exporter(AzureMonitorExporterOptions o)
            {
                o.ConnectionString = exporter.ConnectionString;
                o.Credential = exporter.Credential;
            }

            services.AddOpenTelemetry()
                .WithMetrics(m => m.AddMeter(Beds24ApiMetrics.MeterName, SyncTelemetry.MeterName).AddAzureMonitorMetricExporter(Exporter))
                .WithTracing(t => t.AddSource(SyncTelemetry.MeterName).AddAzureMonitorTraceExporter(Exporter));
        }

        return services;
    }

    /// <summary>What both Azure Monitor exporters are given: null without a connection string (nothing exported).</summary>
    public static AzureMonitorExporterOptions? ExporterOptionsFrom(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"] is { Length: > 0 } insights
            ? new AzureMonitorExporterOptions { ConnectionString = insights, Credential = CredentialFrom(configuration[AuthenticationStringSetting]) }
            : null;
    }

    /// <param name="authenticationString"><c>Authorization=AAD</c>, optionally <c>;ClientId=&lt;user-assigned identity&gt;</c>; empty: key-based ingestion.</param>
    public static TokenCredential? CredentialFrom(string? authenticationString)
    {
        if (string.IsNullOrWhiteSpace(authenticationString))
        {
            return null;
        }

        var parts = authenticationString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2, StringSplitOptions.TrimEntries)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out var kind) || !string.Equals(kind, "AAD", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{AuthenticationStringSetting} must be 'Authorization=AAD' or 'Authorization=AAD;ClientId=<managed identity client id>'.");
        }

        return parts.TryGetValue("ClientId", out var clientId) && clientId.Length > 0
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }
}
