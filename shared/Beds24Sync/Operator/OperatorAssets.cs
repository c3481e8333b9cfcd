using System.Reflection;

namespace Beds24Sync.Operator;

/// <summary>The operator pages (embedded in this assembly), served by the Functions app and the local host alike.</summary>
public static class OperatorAssets
{
    public static bool TryGet(string path, out byte[] content, out string contentType)
    {
        content = [];
        contentType = "application/octet-stream";
        var name = "wwwroot/" + path.TrimStart('/');
        using var stream = typeof(OperatorAssets).Assembly.GetManifestResourceStream(name);
        if (stream is null || name.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        content = buffer.ToArray();
        contentType = Path.GetExtension(name) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            _ => contentType,
        };
        return true;
    }
}
