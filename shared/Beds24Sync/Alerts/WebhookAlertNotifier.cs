using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Beds24Sync.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Alerts;

/// <summary>
/// POSTs each alert as JSON to the URL held in the secret <see cref="AlertOptions.WebhookSecretName"/> (nothing is sent
/// while that secret is unset). A failing webhook is logged, never thrown into the flow that raised the alert; the
/// URL is never logged (it often carries a token).
/// </summary>
public sealed partial class WebhookAlertNotifier(ISecretStore secrets, IHttpClientFactory http, IOptions<AlertOptions> options, ILogger<WebhookAlertNotifier> logger)
    : IAlertNotifier
{
    public const string HttpClientName = nameof(WebhookAlertNotifier);

    /// <summary>The default secret name (Alerts:WebhookSecretName).</summary>
    public const string UrlSecretName = "alert-webhook-url";

    public async Task NotifyAsync(AlertEvent alert, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.WebhookTimeout);
        try
        {
            if (await secrets.GetSecretAsync(options.Value.WebhookSecretName, timeout.Token).ConfigureAwait(false) is not { Length: > 0 } url)
            {
                return;
            }

            // https only: alert texts name accounts and reservations, and the URL itself is often a bearer secret.
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            {
                LogBadUrl(logger, options.Value.WebhookSecretName);
                return;
            }

            var payload = new AlertPayload(alert.Rule, alert.Severity, alert.Message, alert.RaisedAt, alert.AccountId);
            using var response = await http.CreateClient(HttpClientName)
                .PostAsJsonAsync(uri, payload, AlertJsonContext.Default.AlertPayload, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                LogFailed(logger, alert.Rule, $"HTTP {(int)response.StatusCode}");
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, alert.Rule, "timed out");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever went wrong (secret store, DNS, TLS…), the alert is already in the log: never fail the flow.
            LogFailed(logger, alert.Rule, ex.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {Rule} could not be sent to the alert webhook ({Error}); it is in the log")]
    private static partial void LogFailed(ILogger logger, string rule, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The secret {SecretName} does not hold an absolute https URL (http is refused); alerts go to the log only")]
    private static partial void LogBadUrl(ILogger logger, string secretName);
}

/// <summary>The JSON body an alert webhook receives.</summary>
public sealed record AlertPayload(string Rule, string Severity, string Message, DateTimeOffset RaisedAt, string? AccountId);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AlertPayload))]
internal sealed partial class AlertJsonContext : JsonSerializerContext;
