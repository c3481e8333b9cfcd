using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Beds24.Api.Tests;

/// <summary>A request the <see cref="ScriptedHandler"/> saw: method, path and query, headers, body.</summary>
internal sealed record RecordedRequest(string Method, string Url, IReadOnlyDictionary<string, string> Headers, string? Body)
{
    public bool Is(string method, string pathSuffix) =>
        Method == method && Url.Split('?')[0].EndsWith(pathSuffix, StringComparison.Ordinal);
}

/// <summary>An HTTP handler that answers from a script and records every request (URL, headers and body).</summary>
internal sealed class ScriptedHandler : HttpMessageHandler
{
    private readonly Func<HttpRequestMessage, int, CancellationToken, Task<HttpResponseMessage>> _respond;
    private int _calls;

    public ScriptedHandler(Func<HttpRequestMessage, int, HttpResponseMessage> respond) =>
        _respond = (request, n, _) => Task.FromResult(respond(request, n));

    public ScriptedHandler(Func<HttpRequestMessage, int, CancellationToken, Task<HttpResponseMessage>> respond) => _respond = respond;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public int Calls => Volatile.Read(ref _calls);

    public int CountOf(string method, string pathSuffix) => Requests.Count(r => r.Is(method, pathSuffix));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _calls);
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Enqueue(new RecordedRequest(request.Method.Method, request.RequestUri!.PathAndQuery,
            request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase), body));
        await Task.Yield();
        return await _respond(request, n, cancellationToken);
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string json, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }
}
