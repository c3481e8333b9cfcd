using Beds24.Api;
using Beds24.Api.Credits;
using Beds24.Api.Errors;
using Beds24.Api.Models;
using Beds24Sync.Accounts;
using Beds24Sync.Alerts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Webhooks;

/// <summary>
/// Daily: each enabled account's properties' booking webhook as Beds24 has it, judged by
/// <see cref="BookingWebhookSettingRules"/>; each problem is an alert naming the property (card data sent to the app,
/// a webhook that cannot authenticate, or none). One read per account (a background call: it waits for pushes).
/// </summary>
public sealed partial class BookingWebhookSettingsCheck(IAccountStore accounts, IBeds24ClientFactory beds24, IAlertNotifier alerts,
    IOptions<WebhookOptions> options, TimeProvider time, ILogger<BookingWebhookSettingsCheck> logger)
{
    /// <returns>How many problems were found (each one alerted).</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var background = Beds24CallPriority.Background();
        var found = 0;
        var checkedProperties = 0;
        await foreach (var account in accounts.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!account.Enabled || account.PropertyIds.Count == 0)
            {
                continue;
            }

            try
            {
                var query = new PropertyQuery { Ids = [.. account.PropertyIds.Distinct()], IncludeAllRooms = false };
                await foreach (var property in beds24.GetClient(account.AccountId).GetPropertiesAsync(query, cancellationToken).ConfigureAwait(false))
                {
                    checkedProperties++;
                    foreach (var (rule, message) in property.Webhooks is { } webhook ? BookingWebhookSettingRules.Problems(webhook, options.Value.UrlKeyParameter) : [])
                    {
                        found++;
                        var severity = rule == BookingWebhookSettingRules.CardData ? "error" : "warning";
                        await alerts.NotifyAsync(new AlertEvent(rule, severity, $"Beds24 property {property.Id}: {message}", time.GetUtcNow(), account.AccountId), cancellationToken)
                            .ConfigureAwait(false);
                    }
                }
            }
            catch (Beds24ApiException ex)
            {
                // One account's token or budget must not keep the others unchecked; tomorrow's run tries again.
                LogCheckFailed(logger, account.AccountId, ex.Message);
            }
        }

        LogChecked(logger, checkedProperties, found);
        return found;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Booking webhook settings of {Properties} properties checked: {Problems} problems (each an alert)")]
    private static partial void LogChecked(ILogger logger, int properties, int problems);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Booking webhook settings of account {AccountId} could not be read: {Reason}")]
    private static partial void LogCheckFailed(ILogger logger, string accountId, string reason);
}
