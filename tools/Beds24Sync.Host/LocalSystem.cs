using System.Security.Cryptography;
using Azure.Monitor.OpenTelemetry.Exporter;
using Beds24.Simulator;
using Beds24Sync.Host.Durable;
using Beds24Sync.Hosting;
using Beds24Sync.Storage;
using Beds24Sync.Workflows.Hosting;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Beds24Sync.Host;

/// <summary>
/// Builds the whole system for this machine: the shared engine (AddBeds24Sync) on Azurite, the workflow layer on a
/// Durable Task engine (<see cref="DurableSidecar"/>), the HTTP routes of the Functions app, its queue triggers and
/// timers calling the same handlers; by default with an in-process Beds24 simulator seeded with a demo account that
/// sends its webhooks here.
/// </summary>
public static class LocalSystem
{
    /// <param name="runBackgroundWork">Queue pollers and timers (serve); false for one-shot CLI verbs.</param>
    /// <param name="engine">Which Durable engine runs the workflows: Azure Storage (serve), in memory (a CLI verb that runs one orchestration) or none.</param>
    public static async Task<(WebApplication App, Beds24SimulatorServer? Simulator)> BuildAsync(string[] args, bool useSimulator, int port, int simulatorPort,
        IReadOnlyDictionary<string, string?>? overrides = null, bool runBackgroundWork = true, DurableEngine? engine = null)
    {
        var durableEngine = engine ?? (runBackgroundWork ? DurableEngine.AzureStorage : DurableEngine.None);
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Configuration.SetBasePath(AppContext.BaseDirectory).AddJsonFile("appsettings.json", optional: true).AddEnvironmentVariables("BEDS24SYNC_");
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        Beds24SimulatorServer? simulator = null;
        // Operators prove themselves with a token made at start (printed by serve), as Azure's sign-in does there.
        var settings = new Dictionary<string, string?>
        {
            ["Operator:Authentication"] = nameof(Beds24Sync.Operator.OperatorAuthentication.Token),
            ["Operator:Token"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)),
        };
        if (useSimulator)
        {
            simulator = await Beds24SimulatorServer.StartAsync(new SimulatorOptions { Port = simulatorPort, WebhookDelay = TimeSpan.FromSeconds(1) });
            settings["Beds24:BaseAddress"] = simulator.BaseAddress.ToString();
            settings["Secrets:" + DemoSeeder.WebhookSecretName] = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        }

        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddBeds24Sync(builder.Configuration);
        // OpenTelemetry metrics (meters Beds24.Api and Beds24Sync) and traces (source Beds24Sync); exported to Application Insights when a connection string is set.
        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddMeter(Beds24.Api.Diagnostics.Beds24ApiMetrics.MeterName, Beds24Sync.Operations.SyncTelemetry.MeterName))
            .WithTracing(tracing => tracing.AddSource(Beds24Sync.Operations.SyncTelemetry.MeterName));
        if (builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"] is { Length: > 0 } insights)
        {
            telemetry.WithMetrics(metrics => metrics.AddAzureMonitorMetricExporter(o => o.ConnectionString = insights))
                .WithTracing(tracing => tracing.AddAzureMonitorTraceExporter(o => o.ConnectionString = insights));
        }

        builder.Services.AddOptions<LocalHostOptions>().BindConfiguration(LocalHostOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddBeds24WorkflowActivities();
        if (durableEngine != DurableEngine.None)
        {
            var sidecar = await StartDurableEngineAsync(builder.Configuration, durableEngine);
            builder.Services.AddSingleton(_ => sidecar); // disposed with the container, after the worker has stopped (see below)
            builder.Services.AddDurableTaskClient(client => client.UseGrpc(sidecar.Channel));
            builder.Services.AddDurableTaskWorker(worker => worker.UseGrpc(sidecar.Channel).AddBeds24Workflows());
        }

        if (runBackgroundWork)
        {
            builder.Services.AddHostedService<QueueWorkersService>();
            builder.Services.AddHostedService<ScheduleRunner>();
        }

        // Loopback only, and only loopback names in Host: a web page the operator opens cannot reach this host through
        // DNS rebinding (its requests would carry the attacker's host name).
        builder.Services.AddHostFiltering(o =>
        {
            o.AllowedHosts = LoopbackHosts;
            o.AllowEmptyHosts = false;
        });
        var app = builder.Build();
        app.UseHostFiltering();
        if (durableEngine != DurableEngine.None)
        {
            // Resolved once so the container owns it: disposed (sidecar, then its backend's leases and loops) with the app.
            _ = app.Services.GetRequiredService<DurableSidecar>();
        }

        Routes.Map(app);
        await app.Services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(CancellationToken.None);
        return (app, simulator);
    }

    /// <summary>Host names the local host answers to (any port).</summary>
    public static readonly string[] LoopbackHosts = ["127.0.0.1", "localhost", "[::1]"];

    private static async Task<DurableSidecar> StartDurableEngineAsync(IConfiguration configuration, DurableEngine engine)
    {
        var loggerFactory = LoggerFactory.Create(logging => logging.AddConfiguration(configuration.GetSection("Logging")).AddSimpleConsole());
        var backend = engine == DurableEngine.InMemory
            ? LocalDurableBackends.InMemory(loggerFactory)
            : LocalDurableBackends.AzureStorage(configuration["Storage:ConnectionString"] ?? "", configuration["Host:TaskHub"] ?? LocalHostOptions.DefaultTaskHub, loggerFactory);
        return await DurableSidecar.StartAsync(backend, loggerFactory, CancellationToken.None);
    }
}

/// <summary>Where the local host runs its orchestrations.</summary>
public enum DurableEngine
{
    None,
    AzureStorage,
    InMemory,
}
