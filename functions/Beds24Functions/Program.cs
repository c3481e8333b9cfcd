using Beds24Sync.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Composition root: the same engine as the local host. Settings come from app settings (Storage__ConnectionString or
// Storage__QueueServiceUri/TableServiceUri, Beds24__BaseAddress, SecretStore__KeyVaultUri, …), validated at start-up.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddApplicationInsightsTelemetryWorkerService().ConfigureFunctionsApplicationInsights();
builder.Services.AddBeds24Sync(builder.Configuration);
builder.Build().Run();
