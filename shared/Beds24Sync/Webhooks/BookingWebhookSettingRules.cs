using Beds24.Api.Models;

namespace Beds24Sync.Webhooks;

/// <summary>
/// What is wrong with a property's booking webhook as Beds24 shows it (<c>GET /properties</c> → <c>webhooks</c>): the
/// rules the CLI's report and the nightly check share. The setting's secrets (the custom header, the URL's user info
/// and query) are only tested for presence, never copied into a problem.
/// </summary>
public static class BookingWebhookSettingRules
{
    public const string CardData = "webhook-card-data";
    public const string NoSecret = "webhook-no-secret";
    public const string NoWebhook = "webhook-missing";

    /// <summary>Scheme, host, port and path of the webhook URL: user info, query and fragment may all hold secrets.</summary>
    public static string? SafeTarget(Beds24BookingWebhookSetting webhook)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        return Uri.TryCreate(webhook.Url, UriKind.Absolute, out var uri)
            ? new UriBuilder(uri) { UserName = "", Password = "", Query = "", Fragment = "" }.Uri.ToString()
            : null;
    }

    /// <summary>Whether the URL carries the version 1 secret as the <paramref name="urlKeyParameter"/> query parameter.</summary>
    public static bool SecretInUrl(Beds24BookingWebhookSetting webhook, string urlKeyParameter)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        return Uri.TryCreate(webhook.Url, UriKind.Absolute, out var uri) && uri.Query.TrimStart('?').Split('&')
            .Any(pair => string.Equals(pair.Split('=')[0], urlKeyParameter, StringComparison.OrdinalIgnoreCase));
    }

    /// <returns>Each problem as (rule, what to do), most serious first; none for a sound setting.</returns>
    public static IReadOnlyList<(string Rule, string Message)> Problems(Beds24BookingWebhookSetting webhook, string urlKeyParameter)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        if (string.IsNullOrWhiteSpace(webhook.Url))
        {
            return [(NoWebhook, "no booking webhook: Beds24's changes reach the PMS only through the 5-minute pull (docs/SETUP.md §6)")];
        }

        var problems = new List<(string, string)>();
        if (webhook.SendsCardData)
        {
            problems.Add((CardData, $"Beds24 adds card data ({webhook.AdditionalData}) to every webhook body: set Additional Data to None (docs/SETUP.md §6)"));
        }

        if (!webhook.HasCustomHeader && !SecretInUrl(webhook, urlKeyParameter))
        {
            problems.Add((NoSecret, "neither a custom header nor a key in the URL: the app answers every delivery 401 (docs/SETUP.md §6)"));
        }

        return problems;
    }
}
