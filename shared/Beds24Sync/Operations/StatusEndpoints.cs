using Azure;
using Beds24.Api;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Operations;

/// <summary>
/// The /status and /metrics answers of both hosts (and the CLI's <c>status</c>): a fresh <see cref="SyncStatus"/>,
/// rendered; storage that cannot be read answers 503 with a problem document rather than an exception.
/// </summary>
public sealed class StatusEndpoints(StatusService status, IOptions<Beds24ClientOptions>? clientOptions = null)
{
    public async Task<ApiResult> StatusJsonAsync(CancellationToken cancellationToken)
    {
        try
        {
            var s = await status.GetAsync(cancellationToken).ConfigureAwait(false);
            return ApiResult.Ok(StatusJson.Render(s, clientOptions?.Value ?? new Beds24ClientOptions()));
        }
        catch (RequestFailedException ex)
        {
            return StorageUnavailable(ex);
        }
    }

    public async Task<ApiResult> MetricsTextAsync(CancellationToken cancellationToken)
    {
        try
        {
            var s = await status.GetAsync(cancellationToken).ConfigureAwait(false);
            return new ApiResult(200, PrometheusText.ContentType, PrometheusText.Render(s));
        }
        catch (RequestFailedException ex)
        {
            return StorageUnavailable(ex);
        }
    }

    private static ApiResult StorageUnavailable(RequestFailedException ex) =>
        ApiResult.Problem(503, "Storage unavailable", $"Queues or tables could not be read ({ex.Status} {ex.ErrorCode}); /health has details.");
}
