using Beds24Functions.Hosting;
using Beds24Sync.Hosting;
using Beds24Sync.Workflows.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Composition root: the same engine as the local host. Settings come from app settings (Storage__ConnectionString or
// Storage__QueueServiceUri/TableServiceUri, Beds24__BaseAddress, SecretStore__KeyVaultUri, …), validated at start-up.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddApplicationInsightsTelemetryWorkerService().ConfigureFunctionsApplicationInsights();
builder.Services.AddBeds24Sync(builder.Configuration);
builder.Services.AddBeds24WorkflowActivities();
// The engine's meters and traces (Beds24.Api, Beds24Sync) and the worker's logs to Application Insights, with the
// app's identity where the resource accepts Entra ID only.
builder.Services.AddBeds24Telemetry(builder.Configuration);

builder.Build().Run();
