using Beds24.Api.Models;
using Beds24Sync.Webhooks;

namespace Beds24Sync.Host;

/// <summary>
/// What an operator should know of a property's booking webhook as Beds24 shows it: where it points (never the user
/// info or query, which may hold the function key or the secret) and what is wrong with it
/// (<see cref="BookingWebhookSettingRules"/>). The custom header's value is never shown.
/// </summary>
public static class BookingWebhookReport
{
    /// <param name="urlKeyParameter">The query parameter that carries the secret for version 1 (<c>Webhook:UrlKeyParameter</c>).</param>
    /// <returns>One line describing the setting, then one line per problem.</returns>
    public static IReadOnlyList<string> Describe(Beds24BookingWebhookSetting? webhook, string urlKeyParameter = "key")
    {
        if (webhook is null)
        {
            return ["booking webhook: not shown by Beds24 (the token may lack the properties scope)"];
        }

        var problems = BookingWebhookSettingRules.Problems(webhook, urlKeyParameter).Select(p => "WARNING: " + p.Message);
        if (string.IsNullOrWhiteSpace(webhook.Url))
        {
            return ["booking webhook: none", .. problems];
        }

        var lines = new List<string>
        {
            $"booking webhook: version {webhook.Version ?? "?"} → {BookingWebhookSettingRules.SafeTarget(webhook) ?? "(not a URL)"} " +
            $"({(webhook.HasCustomHeader ? "custom header set" : "no custom header")}" +
            $"{(BookingWebhookSettingRules.SecretInUrl(webhook, urlKeyParameter) ? ", secret in the URL" : "")}, additional data {webhook.AdditionalData ?? "?"})",
        };
        lines.AddRange(problems);
        if (string.Equals(webhook.Version, "twoWithPersonalData", StringComparison.OrdinalIgnoreCase))
        {
            lines.Add("note: the webhook carries guests' personal data; the app re-reads every booking, so 'without personal data' is enough");
        }

        return lines;
    }
}
