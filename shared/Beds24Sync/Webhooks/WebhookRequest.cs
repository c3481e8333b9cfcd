namespace Beds24Sync.Webhooks;

/// <summary>An incoming webhook, independent of the HTTP stack (Functions or ASP.NET Core). Header lookups ignore case.</summary>
public sealed record WebhookRequest(IReadOnlyDictionary<string, string> Headers, IReadOnlyDictionary<string, string> Query, Stream Body, long? ContentLength);

/// <summary>The answer: a status and, for errors, an RFC 7807 problem document (content type application/problem+json).</summary>
public sealed record WebhookResponse(int Status, string? ProblemJson)
{
    public const string ProblemContentType = "application/problem+json";
}
