using System.Net;
using System.Text.Json;
using Beds24.Api.Diagnostics;
using Beds24.Api.Errors;
using Beds24.Api.Models;

namespace Beds24.Api.Http;

/// <summary>
/// Turns a failed Beds24 answer into the matching typed exception, with a message that says what to do. Beds24's
/// texts are scrubbed of emails and phone numbers, because they may echo what we sent.
/// </summary>
internal static class ErrorMapper
{
    public static Beds24ApiException Map(HttpStatusCode status, string body, string request, decimal? cost)
    {
        var (error, problems) = Read(body);
        var detail = error ?? problems.FirstOrDefault()?.Message ?? "no error text";
        return status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new Beds24AuthenticationException(
                $"Beds24 refused the credentials on {request} ({(int)status}): {detail}. Check the account's refresh token and its scopes, or reconnect the account with a new invite code.",
                status, request),
            HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity => new Beds24ValidationException(
                $"Beds24 rejected {request} ({(int)status}): {detail}. Fix the request; sending it again unchanged will fail the same way.",
                status, request, problems, cost),
            _ when (int)status >= 500 => new Beds24ApiException(
                $"Beds24 failed on {request} ({(int)status}): {detail}. This is usually temporary; try again later.", status, request, problems, cost),
            _ when status is >= HttpStatusCode.OK and < HttpStatusCode.MultipleChoices => new Beds24ValidationException(
                $"Beds24 answered {request} with success=false: {detail}. Fix the request; sending it again unchanged will fail the same way.",
                status, request, problems, cost),
            HttpStatusCode.NotFound => new Beds24ApiException(
                $"Beds24 has no {request} (404): {detail}. Check Beds24:BaseAddress (it must end in /v2/).", status, request, problems, cost),
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

        var (error, _) = Read(body);
        return error is not null
            && error.Contains("limit", StringComparison.OrdinalIgnoreCase)
            && (error.Contains("credit", StringComparison.OrdinalIgnoreCase) || error.Contains("rate", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>True when a 2xx body is an object with <c>success: false</c> (arrays of per-item results are inspected by the caller).</summary>
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

    /// <summary>Scrubbed problem items, as used on write results too.</summary>
    public static IReadOnlyList<Beds24Problem> Scrub(IReadOnlyList<Beds24Problem>? problems) =>
        problems is null or { Count: 0 } ? [] : [.. problems.Select(p => p with { Message = p.Message is null ? null : SensitiveText.Scrub(p.Message) })];

    private static (string? Error, IReadOnlyList<Beds24Problem> Problems) Read(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, []);
            }

            var error = Text(root, "error") ?? Text(root, "message");
            IReadOnlyList<Beds24Problem> problems = root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array
                ? [.. errors.EnumerateArray().Select(ReadProblem)]
                : [];
            return (string.IsNullOrWhiteSpace(error) ? null : SensitiveText.Scrub(error), problems);
        }
        catch (JsonException)
        {
            return (null, []);
        }
    }

    private static Beds24Problem ReadProblem(JsonElement e) => e.ValueKind == JsonValueKind.Object
        ? new Beds24Problem(Text(e, "action"), Text(e, "field"), Text(e, "message") is { } m ? SensitiveText.Scrub(m) : null)
        : new Beds24Problem(null, null, SensitiveText.Scrub(e.ToString()));

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
            ? (v.ValueKind == JsonValueKind.String ? v.GetString() : v.ToString())
            : null;
}
