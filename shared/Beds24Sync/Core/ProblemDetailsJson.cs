using System.Text.Json.Nodes;

namespace Beds24Sync.Core;

/// <summary>RFC 7807 problem documents for every HTTP entry point (content type <see cref="ContentType"/>).</summary>
public static class ProblemDetailsJson
{
    public const string ContentType = "application/problem+json";

    /// <param name="extensions">Extra members (RFC 7807 §3.2), e.g. a sign-in link.</param>
    public static string Create(int status, string title, string detail, string? instance = null, IReadOnlyDictionary<string, string>? extensions = null)
    {
        var problem = new JsonObject
        {
            ["type"] = $"https://httpstatuses.io/{status}",
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
        };
        if (instance is not null)
        {
            problem["instance"] = instance;
        }

        foreach (var (name, value) in extensions ?? new Dictionary<string, string>())
        {
            problem[name] = value;
        }

        return problem.ToJsonString();
    }
}
