namespace Beds24Sync.Webhooks;

/// <summary>An incoming webhook, independent of the HTTP stack (Functions or ASP.NET Core). Header lookups ignore case.</summary>
public sealed record WebhookRequest(IReadOnlyDictionary<string, string> Headers, IReadOnlyDictionary<string, string> Query, Stream Body, long? ContentLength);

/// <summary>The answer: a status and, for errors, an RFC 7807 problem document (content type application/problem+json).</summary>
/// <param name="RetryAfterSeconds">For 429: the Retry-After header to send.</param>
public sealed record WebhookResponse(int Status, string? ProblemJson, int? RetryAfterSeconds = null)
{
    public const string ProblemContentType = Core.ProblemDetailsJson.ContentType;
}
