using System.Net;

namespace Beds24.Api.Tests.Unit.Fakes;

/// <summary>Canned Beds24 answers for scripted handlers.</summary>
internal static class Answers
{
    public const string AccessTokenPrefix = "access-";

    public static bool IsTokenRequest(HttpRequestMessage request) =>
        request.Method == HttpMethod.Get && request.RequestUri!.AbsolutePath.EndsWith("/authentication/token", StringComparison.Ordinal);

    /// <summary>A fresh access token each time, so tests can tell which one a call used.</summary>
    public static HttpResponseMessage Token(int expiresIn = 86400) =>
        ScriptedHandler.Json(HttpStatusCode.OK, $$"""{"token":"{{AccessTokenPrefix}}{{Guid.NewGuid():N}}","expiresIn":{{expiresIn}}}""");

    public static HttpResponseMessage Bookings(string dataJson = "[]", bool nextPageExists = false, params (string, string)[] headers) =>
        ScriptedHandler.Json(HttpStatusCode.OK,
            $$"""{"success":true,"type":"booking","count":1,"pages":{"nextPageExists":{{(nextPageExists ? "true" : "false")}},"nextPageLink":null},"data":{{dataJson}}}""",
            headers);

    public static HttpResponseMessage EmptyBookings(params (string, string)[] headers) => Bookings("[]", false, headers);

    public static HttpResponseMessage Error(HttpStatusCode status, string error, params (string, string)[] headers) =>
        ScriptedHandler.Json(status, $$"""{"success":false,"type":"error","code":{{(int)status}},"error":"{{error}}"}""", headers);

    /// <summary>Answers token requests with <see cref="Token"/> and everything else with <paramref name="other"/>.</summary>
    public static ScriptedHandler TokenThen(Func<HttpRequestMessage, HttpResponseMessage> other) =>
        new((request, _) => IsTokenRequest(request) ? Token() : other(request));
}
