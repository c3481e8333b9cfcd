using Beds24Sync.Conflicts;
using Beds24Sync.Operator;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Beds24Functions.Http;

/// <summary>The conflicts API and page; see ConflictsApi for the rules (operator identity for resolve, 409 on a second decision).</summary>
public sealed class ConflictsFunctions(ConflictsApi api)
{
    [Function("ConflictsList")]
    public async Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Function, "get", Route = "integrations/beds24/conflicts")] HttpRequest request, CancellationToken ct)
    {
        var q = request.Query;
        var query = new ConflictQuery(Text(q["propertyId"]), Text(q["status"]), Text(q["type"]), Text(q["search"]),
            int.TryParse(q["page"], out var page) ? page : 1, int.TryParse(q["pageSize"], out var size) ? size : 50);
        return HttpResults.From(await api.ListAsync(query, ct));
    }

    [Function("ConflictsStats")]
    public async Task<IActionResult> Stats([HttpTrigger(AuthorizationLevel.Function, "get", Route = "integrations/beds24/conflicts/stats")] HttpRequest request, CancellationToken ct) =>
        HttpResults.From(await api.StatsAsync(ct));

    [Function("ConflictsGet")]
    public async Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Function, "get", Route = "integrations/beds24/conflicts/{id}")] HttpRequest request, string id, CancellationToken ct) =>
        HttpResults.From(await api.GetAsync(id, ct));

    [Function("ConflictsResolve")]
    public async Task<IActionResult> Resolve([HttpTrigger(AuthorizationLevel.Function, "post", Route = "integrations/beds24/conflicts/{id}/resolve")] HttpRequest request, string id, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(ct);
        var operatorName = Text(request.Headers["X-MS-CLIENT-PRINCIPAL-NAME"]) ?? Text(request.Headers["X-Operator"]);
        return HttpResults.From(await api.ResolveAsync(id, body, operatorName, ct));
    }

    [Function("ConflictsPage")]
    public IActionResult Page([HttpTrigger(AuthorizationLevel.Function, "get", Route = "conflicts/{file?}")] HttpRequest request, string? file) =>
        OperatorAssets.TryGet(file ?? "conflicts.html", out var content, out var type)
            ? new FileContentResult(content, type)
            : new NotFoundResult();

    private static string? Text(Microsoft.Extensions.Primitives.StringValues value) => string.IsNullOrWhiteSpace(value) ? null : value.ToString();
}
