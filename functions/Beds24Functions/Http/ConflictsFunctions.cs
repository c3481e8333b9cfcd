using Beds24Sync.Conflicts;
using Beds24Sync.Operator;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Beds24Functions.Http;

/// <summary>
/// The conflicts API and the operator page. Anonymous at the Functions level, no key in any URL: App Service
/// authentication (Entra ID, infra/modules/functionapp.bicep) signs operators in and <see cref="OperatorAccess"/> reads
/// the validated principal — no principal, 401 with a sign-in link; no resolver role, 403 to resolve. ConflictsApi
/// holds the rest: paging, the operator recorded on a decision, 409 on a second decision.
/// </summary>
public sealed class ConflictsFunctions(ConflictsApi api, OperatorAccess access)
{
    private const string Base = "integrations/beds24/conflicts";

    [Function("ConflictsList")]
    public async Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Base)] HttpRequest request, CancellationToken ct) =>
        HttpResults.From(await api.ListAsync(ConflictQuery.FromQuery(name => request.Query[name]), Caller(request), ct));

    [Function("ConflictsStats")]
    public async Task<IActionResult> Stats([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Base + "/stats")] HttpRequest request, CancellationToken ct) =>
        HttpResults.From(await api.StatsAsync(Caller(request), ct));

    [Function("ConflictsGet")]
    public async Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Base + "/{id}")] HttpRequest request, string id, CancellationToken ct) =>
        HttpResults.From(await api.GetAsync(id, Caller(request), ct, includeSnapshots: request.Query["include"] == "snapshots"));

    /// <summary>The decision body is capped; the operator is who App Service authentication says, never a header the client sets.</summary>
    [Function("ConflictsResolve")]
    public async Task<IActionResult> Resolve([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Base + "/{id}/resolve")] HttpRequest request, string id, CancellationToken ct) =>
        HttpResults.From(await api.ResolveAsync(id, request.Body, request.ContentLength, Caller(request), ct));

    [Function("ConflictsPage")]
    public IActionResult Page([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "conflicts/{*file}")] HttpRequest request, string? file)
    {
        var name = string.IsNullOrEmpty(file) ? "conflicts.html" : file;
        if (!OperatorAssets.TryGet(name, out var content, out var type))
        {
            return new NotFoundResult();
        }

        foreach (var (header, value) in OperatorAssets.SecurityHeaders(name))
        {
            request.HttpContext.Response.Headers[header] = value;
        }

        return new FileContentResult(content, type);
    }

    private OperatorCaller? Caller(HttpRequest request) => access.Authenticate(name => request.Headers[name]);
}
