using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Beds24.Simulator;

/// <summary>Reads Beds24 query parameters: arrays repeat the name; a comma list is refused as Beds24 does.</summary>
internal sealed class QueryReader(IQueryCollection query)
{
    public List<string> Errors { get; } = [];

    public IReadOnlyList<long> Longs(string name)
    {
        var result = new List<long>();
        foreach (var value in Strings(name))
        {
            if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
            {
                result.Add(parsed);
            }
            else
            {
                Errors.Add($"Invalid {name}: '{value}'");
            }
        }

        return result;
    }

    public IReadOnlyList<string> Strings(string name)
    {
        var values = query[name].Concat(query[name + "[]"]).Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToList();
        if (values.Any(v => v.Contains(',', StringComparison.Ordinal)))
        {
            Errors.Add($"Invalid {name}: a comma separated list is not accepted, repeat the parameter instead");
            return [];
        }

        return values;
    }

    public DateOnly? Date(string name)
    {
        var value = query[name].ToString();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Errors.Add($"Parameter {name} is in an invalid format. Expected format: YYYY-MM-DD"); // as live Beds24 words it
        return null;
    }

    public DateTimeOffset? Time(string name)
    {
        var value = query[name].ToString();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }

        Errors.Add($"Invalid {name}: expected a date-time");
        return null;
    }

    public bool Flag(string name) => query[name].ToString() is "true" or "1";

    public int Page()
    {
        var value = query["page"].ToString();
        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var page) && page > 0 ? page : 1;
    }

    public bool Has(string name) => !string.IsNullOrEmpty(query[name].ToString());
}
