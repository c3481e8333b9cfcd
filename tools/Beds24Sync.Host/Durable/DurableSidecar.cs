using System.Net;
using DurableTask.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;

namespace Beds24Sync.Host.Durable;

/// <summary>
/// The Durable Task engine of this machine: a gRPC sidecar (loopback, HTTP/2, a free port) in front of a DurableTask.Core
/// backend — the Azure Storage backend that Durable Functions uses (<see cref="LocalDurableBackends"/>) or the in-memory
/// one for one-shot CLI verbs. The host's Durable Task worker and client talk to it over <see cref="Channel"/>, as the
/// Functions worker talks to the Functions host's Durable extension.
/// </summary>
internal sealed class DurableSidecar : IAsyncDisposable
{
    private readonly WebApplication app;

    private DurableSidecar(WebApplication app, GrpcChannel channel)
    {
        this.app = app;
        Channel = channel;
    }

    public GrpcChannel Channel { get; }

    public static async Task<DurableSidecar> StartAsync(IOrchestrationService backend, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backend);
        await backend.CreateIfNotExistsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, endpoint => endpoint.Protocols = HttpProtocols.Http2));
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(backend);
        builder.Services.AddSingleton((IOrchestrationServiceClient)backend);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        var app = builder.Build();
        app.MapGrpcService<TaskHubGrpcServer>();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new DurableSidecar(app, GrpcChannel.ForAddress(address));
    }

    /// <summary>
    /// Stops the sidecar; its TaskHubGrpcServer stops the backend (dispatch loops, partition leases) as the app stops.
    /// Without this the backend kept its leases and loops after the host was gone.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}
