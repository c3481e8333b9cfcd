using Beds24Sync.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Beds24Sync.IntegrationTests.Pull;

/// <summary>A loopback HTTP endpoint in front of <see cref="WebhookIntake"/>, so the simulator's real webhook deliveries arrive over HTTP.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _received;

    private WebhookReceiver(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public int Received => Volatile.Read(ref _received);

    public static async Task<WebhookReceiver> StartAsync(WebhookIntake intake)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        WebhookReceiver? self = null;
        // Version 2 POSTs, version 1 GETs (bookid and status in the URL).
        app.MapMethods("/webhook", ["GET", "POST"], async (HttpContext ctx) =>
        {
            Interlocked.Increment(ref self!._received);
            var response = await intake.HandleAsync(new WebhookRequest(
                ctx.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                ctx.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
                ctx.Request.Body, ctx.Request.ContentLength), ctx.RequestAborted);
            ctx.Response.StatusCode = response.Status;
            if (response.ProblemJson is not null)
            {
                ctx.Response.ContentType = WebhookResponse.ProblemContentType;
                await ctx.Response.WriteAsync(response.ProblemJson);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new WebhookReceiver(app, new Uri(address + "/webhook"));
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
