using System.Text.Json;
using System.Text.Json.Nodes;
using Beds24Sync.Contracts;
using Beds24Sync.Operations;

namespace Beds24Sync.Conflicts;

/// <summary>
/// The conflicts API, independent of the HTTP stack: GET /conflicts (filters, search, paging), GET /conflicts/{id},
/// POST /conflicts/{id}/resolve, GET /conflicts/stats. A resolve needs the operator's identity (X-Operator, or the
/// App Service authentication principal) on top of the function key.
/// </summary>
public sealed class ConflictsApi(IConflictStore store, ConflictResolutionService resolution)
{
    public const int MaxPageSize = 200;

    public async Task<ApiResult> ListAsync(ConflictQuery query, CancellationToken cancellationToken)
    {
        if (query.PageSize is < 1 or > MaxPageSize || query.Page < 1)
        {
            return ApiResult.Problem(400, "Bad request", $"page must be >= 1 and pageSize between 1 and {MaxPageSize}.");
        }

        var all = new List<ConflictRecord>();
        await foreach (var c in store.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if ((query.PropertyId is null || c.PropertyId == query.PropertyId)
                && (query.Status is null || c.Status == query.Status)
                && (query.Type is null || c.Type == query.Type)
                && (query.Search is null || Matches(c, query.Search)))
            {
                all.Add(c);
            }
        }

        var page = all.OrderByDescending(c => c.DetectedAt).Skip((query.Page - 1) * query.PageSize).Take(query.PageSize);
        var body = new JsonObject
        {
            ["total"] = all.Count,
            ["page"] = query.Page,
            ["pageSize"] = query.PageSize,
            ["items"] = new JsonArray([.. page.Select(c => JsonNode.Parse(SyncJson.Serialize(c)))]),
        };
        return ApiResult.Ok(body.ToJsonString());
    }

    public async Task<ApiResult> GetAsync(string id, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } conflict
            ? ApiResult.Ok(SyncJson.Serialize(conflict))
            : ApiResult.Problem(404, "Not found", $"No conflict '{id}'.");

    public async Task<ApiResult> ResolveAsync(string id, string body, string? operatorIdentity, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(operatorIdentity))
        {
            return ApiResult.Problem(401, "Unauthorized", "Resolving a conflict needs an operator identity (X-Operator header or App Service authentication).");
        }

        ConflictDecision? decision;
        try
        {
            decision = JsonSerializer.Deserialize<ConflictDecision>(body, SyncJson.Options);
        }
        catch (JsonException ex)
        {
            return ApiResult.Problem(400, "Bad request", "The body is not a decision: " + ex.Message);
        }

        // The authenticated operator is who decided, whatever the body says.
        decision = decision is null ? null : decision with { DecidedBy = operatorIdentity };
        var result = await resolution.ResolveAsync(id, decision!, cancellationToken).ConfigureAwait(false);
        return result.Status switch
        {
            ResolveStatus.Resolved => ApiResult.Ok(SyncJson.Serialize(result.Conflict)),
            ResolveStatus.NotFound => ApiResult.Problem(404, "Not found", string.Join(" ", result.Errors)),
            ResolveStatus.AlreadyResolved => ApiResult.Problem(409, "Conflict already resolved", string.Join(" ", result.Errors)),
            _ => ApiResult.Problem(400, "Invalid decision", string.Join(" ", result.Errors)),
        };
    }

    public async Task<ApiResult> StatsAsync(CancellationToken cancellationToken)
    {
        var all = await store.ListAsync(cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        var body = new JsonObject
        {
            ["total"] = all.Count,
            ["byStatus"] = Group(all.GroupBy(c => c.Status)),
            ["byType"] = Group(all.GroupBy(c => c.Type)),
            ["byRule"] = Group(all.GroupBy(c => c.Rule)),
        };
        return ApiResult.Ok(body.ToJsonString());
    }

    private static JsonObject Group(IEnumerable<IGrouping<string, ConflictRecord>> groups) =>
        new([.. groups.Select(g => KeyValuePair.Create(g.Key, (JsonNode?)g.Count()))]);

    private static bool Matches(ConflictRecord c, string search) =>
        c.ReservationId.Contains(search, StringComparison.OrdinalIgnoreCase)
        || c.ConflictId.Contains(search, StringComparison.OrdinalIgnoreCase)
        || (c.Beds24BookingId?.ToString(System.Globalization.CultureInfo.InvariantCulture).Contains(search, StringComparison.Ordinal) ?? false);
}

public sealed record ConflictQuery(string? PropertyId = null, string? Status = null, string? Type = null, string? Search = null, int Page = 1, int PageSize = 50);
