using Beds24.Api.Models;

namespace Beds24Sync.Host;

/// <summary>
/// What an operator should know of a property's booking webhook as Beds24 shows it: where it points (never the query,
/// which may hold the function key or the secret), and what is wrong with it. The custom header's value is never shown.
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

        if (string.IsNullOrWhiteSpace(webhook.Url))
        {
            return ["booking webhook: none", "WARNING: no booking webhook: Beds24's changes reach the PMS only through the 5-minute pull (docs/SETUP.md §6)"];
        }

        var uri = Uri.TryCreate(webhook.Url, UriKind.Absolute, out var parsed) ? parsed : null;
        // Only scheme, host, port and path: user info, query and fragment may all hold secrets.
        var target = uri is null ? "(not a URL)" : new UriBuilder(uri) { UserName = "", Password = "", Query = "", Fragment = "" }.Uri.ToString();
        var secretInUrl = uri is not null && uri.Query.TrimStart('?').Split('&')
            .Any(pair => string.Equals(pair.Split('=')[0], urlKeyParameter, StringComparison.OrdinalIgnoreCase));
        var lines = new List<string>
        {
            $"booking webhook: version {webhook.Version ?? "?"} → {target} ({(webhook.HasCustomHeader ? "custom header set" : "no custom header")}" +
            $"{(secretInUrl ? ", secret in the URL" : "")}, additional data {webhook.AdditionalData ?? "?"})",
        };
        if (webhook.SendsCardData)
        {
            lines.Add($"WARNING: Beds24 adds card data ({webhook.AdditionalData}) to every webhook body: set Additional Data to None (docs/SETUP.md §6)");
        }

        if (!webhook.HasCustomHeader && !secretInUrl)
        {
            lines.Add("WARNING: neither a custom header nor a key in the URL: the app answers every delivery 401 (docs/SETUP.md §6)");
        }

        if (string.Equals(webhook.Version, "twoWithPersonalData", StringComparison.OrdinalIgnoreCase))
        {
            lines.Add("note: the webhook carries guests' personal data; the app re-reads every booking, so 'without personal data' is enough");
        }

        return lines;
    }
}
