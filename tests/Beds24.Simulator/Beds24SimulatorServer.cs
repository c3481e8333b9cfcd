using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Beds24.Simulator;

/// <summary>A Beds24 API v2 simulator listening on loopback. Start one per test fixture; dispose to stop.</summary>
public sealed class Beds24SimulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly WebhookDispatcher _webhooks;

    private Beds24SimulatorServer(WebApplication app, Uri baseAddress, SimulatorState state, SimulatorFaults faults, WebhookDispatcher webhooks)
    {
        _app = app;
        BaseAddress = baseAddress;
        State = state;
        Faults = faults;
        _webhooks = webhooks;
    }

    /// <summary>The API root, e.g. <c>http://127.0.0.1:41234/v2/</c>.</summary>
    public Uri BaseAddress { get; }

    public SimulatorState State { get; }

    public SimulatorFaults Faults { get; }

    /// <summary>Webhooks delivered with a 2xx answer.</summary>
    public int WebhooksDelivered => _webhooks.Delivered;

    /// <summary>Wait until every queued webhook was delivered or given up.</summary>
    public Task DrainWebhooksAsync(TimeSpan? timeout = null) => _webhooks.DrainAsync(timeout ?? TimeSpan.FromSeconds(30));

    public static async Task<Beds24SimulatorServer> StartAsync(SimulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SimulatorOptions();
        var faults = new SimulatorFaults();
        var webhooks = new WebhookDispatcher(options, faults);
        var state = new SimulatorState(options, webhooks);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{options.Port}");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(state);
        builder.Services.AddSingleton(faults);
        var app = builder.Build();
        app.UseMiddleware<SimulatorMiddleware>();
        AuthenticationEndpoints.Map(app, state);
        BookingEndpoints.Map(app, state);
        InventoryEndpoints.Map(app, state);
        ControlEndpoints.Map(app, state, faults);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Beds24SimulatorServer(app, new Uri(address.TrimEnd('/') + "/v2/"), state, faults, webhooks);
    }

    public async ValueTask DisposeAsync()
    {
        await _webhooks.DisposeAsync().ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
