using System.Text.Json.Nodes;

namespace Beds24Sync.Webhooks;

/// <summary>RFC 7807 problem documents for HTTP entry points.</summary>
public static class ProblemDetailsJson
{
    public static string Create(int status, string title, string detail, string? instance = null)
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

        return problem.ToJsonString();
    }
}
