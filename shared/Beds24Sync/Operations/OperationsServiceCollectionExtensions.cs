using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Operations;

public static class OperationsServiceCollectionExtensions
{
    /// <summary>
    /// Telemetry (rolling statistics + meter <c>Beds24Sync</c>, one per process), /status + /metrics and /health.
    /// Idempotent. Status and health read the stores of the other areas, which the composition root registers.
    /// </summary>
    public static IServiceCollection AddBeds24Operations(this IServiceCollection services)
    {
        services.AddOptions<OperationsOptions>().BindConfiguration(OperationsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new SyncStatistics(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<OperationsOptions>>().Value.StatisticsWindow));
        services.TryAddSingleton(sp => new SyncMetrics(sp.GetRequiredService<SyncStatistics>(), sp.GetService<IMeterFactory>()));
        services.TryAddSingleton(sp => new SyncTelemetry(sp.GetRequiredService<SyncStatistics>(), sp.GetRequiredService<SyncMetrics>()));
        services.TryAddSingleton<ISyncTelemetry>(sp => sp.GetRequiredService<SyncTelemetry>());
        services.TryAddSingleton<StatusService>();
        services.TryAddSingleton<StatusEndpoints>();
        services.TryAddSingleton<HealthService>();
        return services;
    }
}
