using System.Net;
using System.Text.Json;
using Beds24.Api.Errors;
using Beds24.Api.Json;
using Beds24.Api.Models;

namespace Beds24.Api.Http;

/// <summary>Turns a failed Beds24 answer into the matching typed exception, with a message that says what to do.</summary>
internal static class ErrorMapper
{
    public static Beds24ApiException Map(HttpStatusCode status, string body, string request, decimal? cost)
    {
        var error = ReadError(body);
        var problems = ReadProblems(body);
        var detail = error ?? problems.FirstOrDefault()?.Message ?? "no error text";
        return status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new Beds24AuthenticationException(
                $"Beds24 refused the credentials ({(int)status}): {detail}. Check the account's refresh token and its scopes, or reconnect the account with a new invite code.",
                status, request),
            HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity => new Beds24ValidationException(
                $"Beds24 rejected {request} ({(int)status}): {detail}.", status, request, problems, cost),
            _ when (int)status >= 500 => new Beds24ApiException(
                $"Beds24 failed on {request} ({(int)status}): {detail}. This is usually temporary; it will be retried.", status, request, problems, cost),
            _ when status is >= HttpStatusCode.OK and < HttpStatusCode.MultipleChoices => new Beds24ValidationException(
                $"Beds24 answered {request} with success=false: {detail}.", status, request, problems, cost),
            _ => new Beds24ApiException($"Beds24 answered {request} with {(int)status}: {detail}.", status, request, problems, cost),
        };
    }

    /// <summary>True when the answer says the credit limit is spent (429 or an error text about the limit).</summary>
    public static bool IsRateLimited(HttpStatusCode status, string body)
    {
        if (status == HttpStatusCode.TooManyRequests)
        {
            return true;
        }

        if (status is >= HttpStatusCode.OK and < HttpStatusCode.MultipleChoices && !BodySaysFailure(body))
        {
            return false;
        }

        var error = ReadError(body);
        return error is not null
            && error.Contains("limit", StringComparison.OrdinalIgnoreCase)
            && (error.Contains("credit", StringComparison.OrdinalIgnoreCase) || error.Contains("rate", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>True when a 2xx body is an object with <c>success: false</c>.</summary>
    public static bool BodySaysFailure(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("success", out var success)
                && success.ValueKind == JsonValueKind.False;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? ReadError(string body)
    {
        try
        {
            var parsed = JsonSerializer.Deserialize(body, Beds24JsonContext.Default.ErrorBody);
            return string.IsNullOrWhiteSpace(parsed?.Error) ? null : parsed.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IReadOnlyList<Beds24Problem> ReadProblems(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                return errors.EnumerateArray().Select(ReadProblem).ToList();
            }
        }
        catch (JsonException)
        {
        }

        return [];
    }

    private static Beds24Problem ReadProblem(JsonElement e) => e.ValueKind == JsonValueKind.Object
        ? new Beds24Problem(Text(e, "action"), Text(e, "field"), Text(e, "message"))
        : new Beds24Problem(null, null, e.ToString());

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? (v.ValueKind == JsonValueKind.String ? v.GetString() : v.ToString()) : null;
}
