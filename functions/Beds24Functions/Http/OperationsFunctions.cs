using Beds24Sync.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Beds24Functions.Http;

/// <summary>/status, /metrics and /health for operators and probes.</summary>
public sealed class OperationsFunctions(StatusEndpoints status, HealthService health)
{
    [Function("Status")]
    public async Task<IActionResult> Status([HttpTrigger(AuthorizationLevel.Function, "get", Route = "integrations/beds24/status")] HttpRequest request, CancellationToken ct) =>
        HttpResults.From(await status.StatusJsonAsync(ct));

    [Function("Metrics")]
    public async Task<IActionResult> Metrics([HttpTrigger(AuthorizationLevel.Function, "get", Route = "integrations/beds24/metrics")] HttpRequest request, CancellationToken ct) =>
        HttpResults.From(await status.MetricsTextAsync(ct));

    [Function("Health")]
    public async Task<IActionResult> Health([HttpTrigger(AuthorizationLevel.Function, "get", Route = "integrations/beds24/health")] HttpRequest request, CancellationToken ct) =>
        HttpResults.From(await health.CheckAsync(ct));
}
