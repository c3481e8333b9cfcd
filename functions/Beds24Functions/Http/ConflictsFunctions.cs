using Beds24Sync.Conflicts;
using Beds24Sync.Operator;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Beds24Functions.Http;

/// <summary>
/// The conflicts API and the operator page (function key required). ConflictsApi holds the rules: paging, the
/// operator identity recorded on a decision, 409 on a second decision.
/// </summary>
public sealed class ConflictsFunctions(ConflictsApi api)
{
    private const string Base = "integrations/beds24/conflicts";

    [Function("ConflictsList")]
    public async Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Function, "get", Route = Base)] HttpRequest request, CancellationToken ct) =>
        HttpResults.From(await api.ListAsync(ConflictQuery.FromQuery(name => request.Query[name]), ct));

    [Function("ConflictsStats")]
    public async Task<IActionResult> Stats([HttpTrigger(AuthorizationLevel.Function, "get", Route = Base + "/stats")] HttpRequest request, CancellationToken ct) =>
        HttpResults.From(await api.StatsAsync(ct));

    [Function("ConflictsGet")]
    public async Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Function, "get", Route = Base + "/{id}")] HttpRequest request, string id, CancellationToken ct) =>
        HttpResults.From(await api.GetAsync(id, ct));

    /// <summary>The decision body is capped; the operator is who App Service authentication (or the operator header) says.</summary>
    [Function("ConflictsResolve")]
    public async Task<IActionResult> Resolve([HttpTrigger(AuthorizationLevel.Function, "post", Route = Base + "/{id}/resolve")] HttpRequest request, string id, CancellationToken ct) =>
        HttpResults.From(await api.ResolveAsync(id, request.Body, request.ContentLength, name => request.Headers[name], ct));

    [Function("ConflictsPage")]
    public IActionResult Page([HttpTrigger(AuthorizationLevel.Function, "get", Route = "conflicts/{*file}")] HttpRequest request, string? file) =>
        OperatorAssets.TryGet(string.IsNullOrEmpty(file) ? "conflicts.html" : file, out var content, out var type)
            ? new FileContentResult(content, type)
            : new NotFoundResult();
}
