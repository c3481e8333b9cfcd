using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Beds24Sync.Operator;

/// <summary>
/// The operator pages (wwwroot, embedded in this assembly), served by the Functions app and the local host alike.
/// An HTML page is served with its local stylesheet and script inlined: one request, and it works whatever path
/// prefix the host puts in front of it (/conflicts locally, /api/conflicts in Functions).
/// </summary>
public static partial class OperatorAssets
{
    private static readonly ConcurrentDictionary<string, byte[]?> Cache = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string> Policies = new(StringComparer.Ordinal);

    /// <summary>
    /// Headers every operator asset is served with, in both hosts: a Content-Security-Policy that allows only the
    /// page's own inlined script and style (by hash), calls to its own origin, and no framing (clickjacking); no sniffing,
    /// no referrer, no caching of a page that shows guest data.
    /// </summary>
    public static IReadOnlyDictionary<string, string> SecurityHeaders(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Content-Security-Policy"] = Policies.GetOrAdd(path.TrimStart('/'), Policy),
            ["X-Content-Type-Options"] = "nosniff",
            ["Referrer-Policy"] = "no-referrer",
            ["Cache-Control"] = "no-store",
        };
    }

    private static string Policy(string name)
    {
        var hashes = new List<string>();
        if (name.EndsWith(".html", StringComparison.Ordinal) && TryGet(name, out var page, out _))
        {
            var text = Encoding.UTF8.GetString(page);
            foreach (Match block in InlineBlock().Matches(text))
            {
                hashes.Add($"'sha256-{Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(block.Groups["body"].Value)))}'");
            }
        }

        var inline = string.Join(' ', hashes);
        return $"default-src 'none'; script-src {(inline.Length > 0 ? inline : "'none'")}; style-src {(inline.Length > 0 ? inline : "'none'")}; " +
            "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    [GeneratedRegex("<(?<tag>script|style)>(?<body>.*?)</\\k<tag>>", RegexOptions.Singleline)]
    private static partial Regex InlineBlock();

    /// <param name="path">The file under wwwroot, e.g. "conflicts.html"; a leading '/' is ignored.</param>
    /// <returns>False for anything that is not an embedded page, stylesheet or script.</returns>
    public static bool TryGet(string path, out byte[] content, out string contentType)
    {
        ArgumentNullException.ThrowIfNull(path);
        content = [];
        var name = path.TrimStart('/');
        contentType = Path.GetExtension(name) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            _ => "",
        };
        if (contentType.Length == 0 || name.Contains("..", StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal))
        {
            return false;
        }

        var bytes = Cache.GetOrAdd(name, static n => n.EndsWith(".html", StringComparison.Ordinal) ? Page(n) : Read(n));
        if (bytes is null)
        {
            return false;
        }

        content = bytes;
        return true;
    }

    private static byte[]? Read(string name)
    {
        using var stream = typeof(OperatorAssets).Assembly.GetManifestResourceStream("wwwroot/" + name);
        if (stream is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static byte[]? Page(string name)
    {
        if (Read(name) is not { } html)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(html);
        text = Stylesheet().Replace(text, m => Read(m.Groups["file"].Value) is { } css ? $"<style>\n{Encoding.UTF8.GetString(css)}</style>" : m.Value);
        text = Script().Replace(text, m => Read(m.Groups["file"].Value) is { } js ? $"<script>\n{Encoding.UTF8.GetString(js)}</script>" : m.Value);
        return Encoding.UTF8.GetBytes(text);
    }

    [GeneratedRegex("""<link rel="stylesheet" href="(?<file>[a-z0-9-]+\.css)">""")]
    private static partial Regex Stylesheet();

    [GeneratedRegex("""<script src="(?<file>[a-z0-9-]+\.js)"></script>""")]
    private static partial Regex Script();
}
