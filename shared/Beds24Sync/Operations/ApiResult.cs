namespace Beds24Sync.Operations;

/// <summary>An HTTP answer independent of the HTTP stack: the Functions app and the local host both write it out as is.</summary>
public sealed record ApiResult(int Status, string ContentType, string Body)
{
    public const string Json = "application/json";

    public static ApiResult Ok(string json) => new(200, Json, json);

    public static ApiResult Problem(int status, string title, string detail, IReadOnlyDictionary<string, string>? extensions = null) =>
        new(status, Core.ProblemDetailsJson.ContentType, Core.ProblemDetailsJson.Create(status, title, detail, extensions: extensions));
}
