using System.Net.Http.Json;
using Beds24Sync.Secrets;
using Microsoft.Extensions.Logging;

namespace Beds24Sync.Alerts;

/// <summary>
/// Sends alerts to the log and, when the secret <c>alert-webhook-url</c> is set (Teams, Slack, PagerDuty…), POSTs them
/// there as JSON. A failing webhook is logged, never thrown into the flow that raised the alert.
/// </summary>
public sealed partial class WebhookAlertNotifier(LoggingAlertNotifier log, ISecretStore secrets, IHttpClientFactory http, ILogger<WebhookAlertNotifier> logger) : IAlertNotifier
{
    public const string UrlSecretName = "alert-webhook-url";

    public async Task NotifyAsync(AlertEvent alert, CancellationToken cancellationToken)
    {
        await log.NotifyAsync(alert, cancellationToken).ConfigureAwait(false);
        try
        {
            if (await secrets.GetSecretAsync(UrlSecretName, cancellationToken).ConfigureAwait(false) is { Length: > 0 } url)
            {
                using var response = await http.CreateClient(nameof(WebhookAlertNotifier))
                    .PostAsJsonAsync(new Uri(url), new { alert.Rule, alert.Severity, alert.Message, alert.RaisedAt, alert.AccountId }, cancellationToken).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or UriFormatException or InvalidOperationException)
        {
            LogFailed(logger, alert.Rule, ex.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {Rule} could not be sent to the alert webhook ({Error}); it is in the log")]
    private static partial void LogFailed(ILogger logger, string rule, string error);
}
