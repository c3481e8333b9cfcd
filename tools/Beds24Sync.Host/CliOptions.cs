using System.CommandLine;

namespace Beds24Sync.Host;

/// <summary>Options whose values System.CommandLine cannot parse by itself, with errors in plain words.</summary>
internal static class CliOptions
{
    /// <summary>--beds24-url: an absolute http(s) URL, the API root (a missing trailing slash is added).</summary>
    public static Option<Uri?> Beds24Url() => new("--beds24-url")
    {
        Description = "Beds24 API root, e.g. https://beds24.com/api/v2/ or a simulator's URL",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri + "/");
            }

            result.AddError($"--beds24-url must be an absolute http(s) URL such as https://beds24.com/api/v2/, not '{text}'.");
            return null;
        },
    };
}
