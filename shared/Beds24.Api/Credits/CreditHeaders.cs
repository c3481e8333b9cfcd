using System.Globalization;
using System.Net.Http.Headers;
using Beds24.Api.Models;

namespace Beds24.Api.Credits;

/// <summary>
/// Reads Beds24's credit headers. The server sends <c>x-five-min-limit-remaining</c>, <c>-resets-in</c> (seconds) and
/// <c>x-request-cost</c> as decimals; the OpenAPI's X-FiveMinCreditLimit-* names are accepted too, just in case.
/// </summary>
public static class CreditHeaders
{
    public const string Remaining = "x-five-min-limit-remaining";
    public const string ResetsIn = "x-five-min-limit-resets-in";
    public const string RequestCost = "x-request-cost";

    private static readonly string[] RemainingNames = [Remaining, "X-FiveMinCreditLimit-Remaining"];
    private static readonly string[] ResetsInNames = [ResetsIn, "X-FiveMinCreditLimit-ResetsIn"];
    private static readonly string[] CostNames = [RequestCost, "X-RequestCost"];

    /// <summary>The credit state the response reports, or null when it carries no credit headers.</summary>
    public static Beds24CreditState? Read(HttpResponseHeaders headers, DateTimeOffset now)
    {
        var remaining = ReadDecimal(headers, RemainingNames);
        var resetsIn = ReadDecimal(headers, ResetsInNames);
        var cost = ReadDecimal(headers, CostNames);
        if (remaining is null)
        {
            return null;
        }

        var resetsAt = now + TimeSpan.FromSeconds((double)Math.Max(0m, resetsIn ?? 0m));
        return new Beds24CreditState(remaining.Value, resetsAt, cost, now);
    }

    /// <summary>The request cost header alone (present on errors too).</summary>
    public static decimal? ReadCost(HttpResponseHeaders headers) => ReadDecimal(headers, CostNames);

    /// <summary>Seconds until the window resets, when the response says.</summary>
    public static TimeSpan? ReadResetsIn(HttpResponseHeaders headers) =>
        ReadDecimal(headers, ResetsInNames) is { } seconds ? TimeSpan.FromSeconds((double)Math.Max(0m, seconds)) : null;

    private static decimal? ReadDecimal(HttpResponseHeaders headers, string[] names)
    {
        // HttpHeaders lookups are case-insensitive.
        foreach (var name in names)
        {
            if (headers.TryGetValues(name, out var values))
            {
                foreach (var value in values)
                {
                    if (decimal.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
                    {
                        return parsed;
                    }
                }
            }
        }

        return null;
    }
}
