using System.Globalization;
using System.Text;

namespace Beds24.Api.Http;

/// <summary>Builds Beds24 query strings: arrays repeat the name (<c>id=1&amp;id=2</c>; a comma list is a 400).</summary>
internal sealed class QueryString
{
    private readonly StringBuilder _builder = new();

    public QueryString Add(string name, string? value)
    {
        if (value is not null)
        {
            _builder.Append(_builder.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }

        return this;
    }

    public QueryString Add(string name, long? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

    public QueryString Add(string name, int? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

    public QueryString Add(string name, DateOnly? value) => Add(name, value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    /// <summary>Beds24 reads timestamps as UTC <c>yyyy-MM-ddTHH:mm:ssZ</c>.</summary>
    public QueryString Add(string name, DateTimeOffset? value) =>
        Add(name, value?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

    public QueryString AddFlag(string name, bool value) => value ? Add(name, "true") : this;

    public QueryString AddMany(string name, IEnumerable<long>? values)
    {
        foreach (var value in values ?? [])
        {
            Add(name, value);
        }

        return this;
    }

    public QueryString AddMany(string name, IEnumerable<string>? values)
    {
        foreach (var value in values ?? [])
        {
            Add(name, value);
        }

        return this;
    }

    public string Apply(string path) => path + _builder;
}
