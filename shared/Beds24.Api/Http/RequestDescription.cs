using Beds24.Api.Diagnostics;

namespace Beds24.Api.Http;

/// <summary>
/// A request as it may appear in logs and exceptions: method, path and query with personal or secret values
/// (email, phone, searchString, anything token-like) replaced by <c>***</c>. Never the host, headers or body.
/// </summary>
internal static class RequestDescription
{
    public static string Describe(HttpMethod method, string relativeUrl)
    {
        var queryStart = relativeUrl.IndexOf('?', StringComparison.Ordinal);
        if (queryStart < 0)
        {
            return $"{method.Method} {relativeUrl}";
        }

        var path = relativeUrl[..queryStart];
        var parts = relativeUrl[(queryStart + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries);
        var redacted = parts.Select(part =>
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? part : part[..eq];
            return SensitiveText.IsSensitiveName(Uri.UnescapeDataString(name)) ? $"{name}={SensitiveText.Mask}" : part;
        });
        return $"{method.Method} {path}?{string.Join('&', redacted)}";
    }

    /// <summary>The endpoint for metrics: the path without query or ids.</summary>
    public static string Endpoint(string relativeUrl)
    {
        var queryStart = relativeUrl.IndexOf('?', StringComparison.Ordinal);
        return queryStart < 0 ? relativeUrl : relativeUrl[..queryStart];
    }
}
