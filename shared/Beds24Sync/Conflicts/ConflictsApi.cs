using System.Text.Json;
using System.Text.Json.Nodes;
using Beds24Sync.Contracts;
using Beds24Sync.Operations;
using Beds24Sync.Operator;

namespace Beds24Sync.Conflicts;

/// <summary>
/// The conflicts API, independent of the HTTP stack (the Functions HTTP triggers and the local host both call it):
/// <list type="bullet">
/// <item>GET /api/integrations/beds24/conflicts — filters propertyId, status, type, search; pageSize and continuationToken;</item>
/// <item>GET …/conflicts/{id} — one conflict with every compared field and its history (both snapshots with
/// <c>?include=snapshots</c>, resolver role only);</item>
/// <item>POST …/conflicts/{id}/resolve — body = <see cref="ConflictDecision"/>: 400 bad input, 401 no operator, 403 no resolver role,
/// 404 unknown, 409 already resolved (or changed meanwhile), nothing pushed twice;</item>
/// <item>GET …/conflicts/stats.</item>
/// </list>
/// Errors are RFC 7807 problem+json. Every call names its caller (<see cref="OperatorAccess.Authenticate"/> for HTTP,
/// <see cref="OperatorCaller.Trusted"/> for the CLI): none → 401; reading needs a signed-in caller and shows the
/// compared fields; deciding, and whole guest snapshots, need the resolver role (403 without).
/// </summary>
public sealed class ConflictsApi(IConflictStore store, ConflictResolutionService resolution, OperatorAccess access)
{
    public const int MaxPageSize = 200;
    public const int MaxBodyLength = 16 * 1024;

    private static readonly HashSet<string> Statuses = [ConflictStatuses.Open, ConflictStatuses.Escalated, ConflictStatuses.Resolved];
    private static readonly HashSet<string> Types = ["status", "dates", "room", "amount", "both-modified"];

    public async Task<ApiResult> ListAsync(ConflictQuery query, OperatorCaller? caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (caller is null)
        {
            return access.Unauthenticated();
        }
        if (query.PageSize is < 1 or > MaxPageSize || query.Page < 1)
        {
            return ApiResult.Problem(400, "Bad request", $"page must be >= 1 and pageSize between 1 and {MaxPageSize}.");
        }

        if (query.Status is { } status && !Statuses.Contains(status))
        {
            return ApiResult.Problem(400, "Bad request", $"Unknown status '{status}': use {string.Join(", ", Statuses)}.");
        }

        if (query.Type is { } type && !Types.Contains(type))
        {
            return ApiResult.Problem(400, "Bad request", $"Unknown type '{type}': use {string.Join(", ", Types)}.");
        }

        var filter = new ConflictFilter(query.PropertyId, query.Status, query.Type, query.Search);
        ConflictPage page;
        try
        {
            page = await store.QueryAsync(filter, query.PageSize, query.ContinuationToken, cancellationToken).ConfigureAwait(false);
            // A page number without a token (old clients, the CLI): walk forward to it.
            for (var skip = query.ContinuationToken is null ? query.Page - 1 : 0; skip > 0 && page.ContinuationToken is not null; skip--)
            {
                page = await store.QueryAsync(filter, query.PageSize, page.ContinuationToken, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ArgumentException ex)
        {
            return ApiResult.Problem(400, "Bad request", ex.Message);
        }

        var total = await store.CountAsync(filter, cancellationToken).ConfigureAwait(false);
        var body = new JsonObject
        {
            ["total"] = total,
            ["count"] = page.Items.Count,
            ["page"] = query.Page,
            ["pageSize"] = query.PageSize,
            ["continuationToken"] = page.ContinuationToken,
            // The list stays light: snapshots and history come with GET …/conflicts/{id}.
            ["items"] = new JsonArray([.. page.Items.Select(c => JsonNode.Parse(SyncJson.Serialize(c with { PmsSnapshot = null, Beds24Snapshot = null, History = null, Fields = null })))]),
        };
        return ApiResult.Ok(body.ToJsonString());
    }

    /// <summary>
    /// One conflict with its compared fields and history; the whole PMS and Beds24 snapshots (guest contact data) only
    /// for a caller with the resolver role, or who asks with <paramref name="includeSnapshots"/> and has it.
    /// </summary>
    public async Task<ApiResult> GetAsync(string id, OperatorCaller? caller, CancellationToken cancellationToken, bool includeSnapshots = false)
    {
        if (caller is null)
        {
            return access.Unauthenticated();
        }

        if (includeSnapshots && !caller.CanResolve)
        {
            return access.Forbidden();
        }

        return string.IsNullOrWhiteSpace(id) ? ApiResult.Problem(400, "Bad request", "A conflict id is required.")
            : await store.GetAsync(id, cancellationToken).ConfigureAwait(false) is not { } conflict ? ApiResult.Problem(404, "Not found", $"No conflict '{id}'.")
            : ApiResult.Ok(SyncJson.Serialize(includeSnapshots ? conflict : conflict with { PmsSnapshot = null, Beds24Snapshot = null }));
    }

    /// <summary>
    /// POST …/conflicts/{id}/resolve straight from an HTTP request, the same in every host: the body is read up to
    /// <see cref="MaxBodyLength"/> (413 beyond, whatever Content-Length says), the operator from the headers.
    /// </summary>
    public async Task<ApiResult> ResolveAsync(string id, Stream body, long? contentLength, OperatorCaller? caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (caller is null)
        {
            return access.Unauthenticated();
        }

        if (contentLength > MaxBodyLength)
        {
            return ApiResult.Problem(413, "Payload too large", $"A decision is at most {MaxBodyLength} bytes.");
        }

        using var reader = new StreamReader(body, leaveOpen: true);
        var buffer = new char[MaxBodyLength + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await reader.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false)) > 0)
        {
            read += n;
        }

        return read > MaxBodyLength
            ? ApiResult.Problem(413, "Payload too large", $"A decision is at most {MaxBodyLength} bytes.")
            : await ResolveAsync(id, new string(buffer, 0, read), caller, cancellationToken).ConfigureAwait(false);
    }

    /// <param name="caller">Recorded as who decided, whatever the body says; needs the resolver role.</param>
    public async Task<ApiResult> ResolveAsync(string id, string body, OperatorCaller? caller, CancellationToken cancellationToken)
    {
        if (caller is null)
        {
            return access.Unauthenticated();
        }

        if (!caller.CanResolve)
        {
            return access.Forbidden();
        }

        if (string.IsNullOrWhiteSpace(id))
        {
            return ApiResult.Problem(400, "Bad request", "A conflict id is required.");
        }

        if (body is null || body.Length > MaxBodyLength)
        {
            return ApiResult.Problem(400, "Bad request", $"The body must be a decision of at most {MaxBodyLength} characters.");
        }

        ConflictDecision? decision;
        try
        {
            decision = JsonSerializer.Deserialize<ConflictDecision>(body, SyncJson.Options);
        }
        catch (JsonException ex)
        {
            return ApiResult.Problem(400, "Bad request", $"The body is not a decision ({ex.Message}). Send {{ \"action\": \"accept-pms\" | \"accept-beds24\" | \"merge\", \"mergeChoices\": {{ \"field\": \"pms\" | \"beds24\" }}, \"comment\": \"…\" }}.");
        }

        var result = await resolution.ResolveAsync(id, decision is null ? null : decision with { DecidedBy = caller.Name }, cancellationToken).ConfigureAwait(false);
        var detail = string.Join(" ", result.Errors);
        return result.Status switch
        {
            ResolveStatus.Resolved => ApiResult.Ok(SyncJson.Serialize(result.Conflict)),
            ResolveStatus.NotFound => ApiResult.Problem(404, "Not found", detail),
            ResolveStatus.AlreadyResolved => ApiResult.Problem(409, "Conflict already resolved", detail),
            ResolveStatus.Changed => ApiResult.Problem(409, "Conflict changed", detail),
            _ => ApiResult.Problem(400, "Invalid decision", detail),
        };
    }

    public async Task<ApiResult> StatsAsync(OperatorCaller? caller, CancellationToken cancellationToken) =>
        caller is null ? access.Unauthenticated() : ApiResult.Ok(SyncJson.Serialize(await store.GetStatsAsync(cancellationToken).ConfigureAwait(false)));
}

/// <param name="Page">1-based; used only without a continuation token (walks forward to that page).</param>
/// <param name="ContinuationToken">From the previous answer's continuationToken.</param>
public sealed record ConflictQuery(string? PropertyId = null, string? Status = null, string? Type = null, string? Search = null, int Page = 1, int PageSize = 50,
    string? ContinuationToken = null)
{
    /// <summary>The list route's query string, the same in every host (unparseable numbers fall back to the defaults and are checked by <see cref="ConflictsApi.ListAsync"/>).</summary>
    /// <param name="query">Reads one query parameter by name (null or empty when absent).</param>
    public static ConflictQuery FromQuery(Func<string, string?> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        string? Text(string name) => string.IsNullOrWhiteSpace(query(name)) ? null : query(name);
        return new(Text("propertyId"), Text("status"), Text("type"), Text("search"),
            int.TryParse(query("page"), out var page) ? page : 1, int.TryParse(query("pageSize"), out var size) ? size : 50, Text("continuationToken"));
    }
}
