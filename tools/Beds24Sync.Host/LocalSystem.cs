using System.Security.Cryptography;
using Azure.Monitor.OpenTelemetry.Exporter;
using Beds24.Simulator;
using Beds24Sync.Hosting;
using Beds24Sync.Storage;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Beds24Sync.Host;

/// <summary>
/// Builds the whole system for this machine: the shared engine (AddBeds24Sync) on Azurite, the HTTP routes of the
/// Functions app, the queue workers, the calendar flush loop and the two schedules; by default with an in-process
/// Beds24 simulator seeded with a demo account that sends its webhooks here.
/// </summary>
public static class LocalSystem
{
    public static async Task<(WebApplication App, Beds24SimulatorServer? Simulator)> BuildAsync(string[] args, bool useSimulator, int port, int simulatorPort,
        IReadOnlyDictionary<string, string?>? overrides = null, bool runBackgroundWork = true)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Configuration.SetBasePath(AppContext.BaseDirectory).AddJsonFile("appsettings.json", optional: true).AddEnvironmentVariables("BEDS24SYNC_");
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        Beds24SimulatorServer? simulator = null;
        var settings = new Dictionary<string, string?>();
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
        if (runBackgroundWork)
        {
            builder.Services.AddHostedService<QueueWorkersService>();
            builder.Services.AddHostedService<CalendarFlushLoop>();
            builder.Services.AddHostedService<PullScheduler>();
            builder.Services.AddHostedService<ConflictSweepLoop>();
            builder.Services.AddHostedService<AlertLoop>();
            builder.Services.AddHostedService<PendingPushSweepLoop>();
        }

        var app = builder.Build();
        Routes.Map(app);
        await app.Services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(CancellationToken.None);
        return (app, simulator);
    }
}
