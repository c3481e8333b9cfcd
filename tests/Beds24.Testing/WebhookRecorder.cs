using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Beds24.Testing;

/// <summary>One webhook POST as received: its headers (lower-case names) and raw body.</summary>
/// <param name="Method">GET for version 1 webhooks, POST for version 2.</param>
/// <param name="Query">The query string as received (version 1 carries bookid and status there).</param>
public sealed record RecordedWebhook(IReadOnlyDictionary<string, string> Headers, string Body, string Method = "POST", string Query = "");

/// <summary>
/// A loopback HTTP endpoint that records what the simulator's booking webhooks deliver. It can refuse the first
/// deliveries (500) to exercise Beds24's retries.
/// </summary>
public sealed class WebhookRecorder : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedWebhook> _received;

    private readonly int _refuseFirst;

    private WebhookRecorder(WebApplication app, Uri url, ConcurrentQueue<RecordedWebhook> received, int refuseFirst)
    {
        _app = app;
        Url = url;
        _received = received;
        _refuseFirst = refuseFirst;
    }

    public Uri Url { get; }

    /// <summary>Every POST that reached the endpoint, refused ones included, in arrival order.</summary>
    public IReadOnlyList<RecordedWebhook> Received => [.. _received];

    /// <summary>Answers given with 500 so far.</summary>
    public int Refused => Math.Min(_received.Count, _refuseFirst);

    public static async Task<WebhookRecorder> StartAsync(int refuseFirst = 0, CancellationToken cancellationToken = default)
    {
        var received = new ConcurrentQueue<RecordedWebhook>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var attempts = 0;
        // Cast so minimal APIs bind a handler with a result, not a RequestDelegate that would drop it.
        app.MapMethods("/webhook", ["GET", "POST"], (Func<HttpContext, Task<IResult>>)(async ctx =>
        {
            using var reader = new StreamReader(ctx.Request.Body);
            var body = await reader.ReadToEndAsync(ctx.RequestAborted);
            var headers = ctx.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
            received.Enqueue(new RecordedWebhook(headers, body, ctx.Request.Method, ctx.Request.QueryString.Value ?? ""));
            return Interlocked.Increment(ref attempts) <= refuseFirst ? Results.StatusCode(500) : Results.Ok();
        }));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new WebhookRecorder(app, new Uri(address.TrimEnd('/') + "/webhook"), received, refuseFirst);
    }

    /// <summary>Wait (wall clock) until at least <paramref name="count"/> deliveries arrived; fails the test if they do not.</summary>
    public async Task<IReadOnlyList<RecordedWebhook>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(15);
        var clock = Stopwatch.StartNew();
        while (_received.Count < count)
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"Expected {count} webhook deliveries within {limit}, got {_received.Count}.");
            }

            await Task.Delay(20).ConfigureAwait(false);
        }

        return Received;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
