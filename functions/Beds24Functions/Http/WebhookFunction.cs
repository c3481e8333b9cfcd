using Beds24Sync.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Beds24Functions.Http;

/// <summary>POST (version 2) or GET (version 1) /api/integrations/beds24/webhook — function key + secret header or URL key; see WebhookIntake.</summary>
public sealed class WebhookFunction(WebhookIntake intake)
{
    [Function(nameof(WebhookFunction))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", "post", Route = "integrations/beds24/webhook")] HttpRequest request, CancellationToken cancellationToken)
    {
        var response = await intake.HandleAsync(new WebhookRequest(
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
            request.Body, request.ContentLength), cancellationToken);
        if (response.RetryAfterSeconds is { } retryAfter)
        {
            request.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return response.ProblemJson is null
            ? new OkResult()
            : new ContentResult { StatusCode = response.Status, ContentType = WebhookResponse.ProblemContentType, Content = response.ProblemJson };
    }
}
