using Azure.Monitor.OpenTelemetry.Exporter;
using Beds24.Api.Diagnostics;
using Beds24Sync.Hosting;
using Beds24Sync.Operations;
using Beds24Sync.Workflows.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

// Composition root: the same engine as the local host. Settings come from app settings (Storage__ConnectionString or
// Storage__QueueServiceUri/TableServiceUri, Beds24__BaseAddress, SecretStore__KeyVaultUri, …), validated at start-up.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddApplicationInsightsTelemetryWorkerService().ConfigureFunctionsApplicationInsights();
builder.Services.AddBeds24Sync(builder.Configuration);
builder.Services.AddBeds24WorkflowActivities();
// The engine's meters and traces (Beds24.Api, Beds24Sync) to Application Insights, beside the worker's own logs.
if (builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"] is { Length: > 0 } insights)
{
    builder.Services.AddOpenTelemetry()
        .WithMetrics(m => m.AddMeter(Beds24ApiMetrics.MeterName, SyncTelemetry.MeterName).AddAzureMonitorMetricExporter(o => o.ConnectionString = insights))
        .WithTracing(t => t.AddSource(SyncTelemetry.MeterName).AddAzureMonitorTraceExporter(o => o.ConnectionString = insights));
}

builder.Build().Run();
