using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Beds24Sync.Alerts;

public static class AlertsServiceCollectionExtensions
{
    /// <summary>
    /// The app's alert rules (<see cref="AlertEvaluator"/>, one per process so a firing rule is raised once) and the
    /// notifier every flow uses: the log first, then the webhook whose URL is the secret Alerts:WebhookSecretName.
    /// Needs an ISecretStore. Idempotent.
    /// </summary>
    public static IServiceCollection AddBeds24Alerts(this IServiceCollection services)
    {
        services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(WebhookAlertNotifier.HttpClientName);
        services.TryAddSingleton<AlertEvaluator>();
        services.TryAddSingleton<LoggingAlertNotifier>();
        services.TryAddSingleton<WebhookAlertNotifier>();
        services.TryAddSingleton<IAlertNotifier>(sp => new CompositeAlertNotifier(
            [sp.GetRequiredService<LoggingAlertNotifier>(), sp.GetRequiredService<WebhookAlertNotifier>()],
            sp.GetRequiredService<ILogger<CompositeAlertNotifier>>()));
        return services;
    }
}
