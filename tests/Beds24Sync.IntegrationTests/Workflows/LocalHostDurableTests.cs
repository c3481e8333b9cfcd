using Beds24.Testing;
using Beds24Sync.Host;
using Beds24Sync.Storage;
using Beds24Sync.Workflows;
using Microsoft.AspNetCore.Builder;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Beds24Sync.IntegrationTests.Workflows;

/// <summary>
/// The local host as `serve` runs it: its queue pollers call the workflow start handlers, and the workflows run on the
/// Durable Task Azure Storage backend (Durable Functions' default) on Azurite, so they survive a restart.
/// </summary>
[Collection(TestCollections.Azurite)]
public sealed class LocalHostDurableTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static Dictionary<string, string?> HostSettings(SyncHarness h, string taskHub)
    {
        var settings = new Dictionary<string, string?>(h.Settings)
        {
            ["Host:TaskHub"] = taskHub,
            ["Host:QueueIdleDelay"] = "00:00:00.100",
            ["SecretStore:LocalFile"] = Path.Combine(Path.GetTempPath(), $"beds24sync-test-{Guid.NewGuid():N}.json"),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:DurableTask.AzureStorage"] = "Error",
            ["Logging:LogLevel:DurableTask.Core"] = "Error",
        };
        return settings;
    }

    private static async Task<WebApplication> ServeAsync(SyncHarness h, Dictionary<string, string?> settings)
    {
        var (app, _) = await LocalSystem.BuildAsync([], useSimulator: false, port: 0, simulatorPort: 0, settings);
        await app.StartAsync();
        return app;
    }

    private static async Task<bool> WaitForAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(200);
        }

        return true;
    }

    [Fact]
    public async Task Serve_PmsBookingMessage_ReachesBeds24ThroughTheWorkflowOnTheAzureStorageBackend()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        var app = await ServeAsync(h, HostSettings(h, "serveone"));
        await using var _ = app;
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await h.SendAsync(StorageNames.Queues.PushBookings, SyncHarness.Booking("LH-1", 1));

        Assert.True(await WaitForAsync(() => h.Simulator.State.GetBookings(h.Owner).Any(b => b.PmsReservationId() == "LH-1"), TimeSpan.FromSeconds(60)), "LH-1 never reached Beds24");
        output.WriteLine($"PMS message to Beds24 through the local host's workflow on Azure Storage: {clock.Elapsed.TotalSeconds:F1} s");
        var client = app.Services.GetRequiredService<DurableTaskClient>();
        var instance = await client.WaitForInstanceCompletionAsync($"push-{SyncHarness.AccountId}-LH-1", getInputsAndOutputs: false);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);

        // The daily history purge works on this backend: a finished instance past the retention leaves the task hub.
        var purged = await Beds24Sync.Workflows.Hosting.DurableHistoryPurge.PurgeAsync(client, TimeSpan.FromMinutes(-1), TimeProvider.System, CancellationToken.None);
        Assert.True(purged >= 1, $"purged {purged}");
        Assert.Null(await client.GetInstanceAsync($"push-{SyncHarness.AccountId}-LH-1"));
        await app.StopAsync();
    }

    [Fact]
    public async Task Serve_RegistersEveryWorkflowUnderTheSharedNames()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        // In memory: the registry does not depend on the backend, and an Azure Storage backend disposed before it has
        // finished starting (a host built but never run) fails inside the library's own stop handler.
        var (app, _) = await LocalSystem.BuildAsync([], useSimulator: false, port: 0, simulatorPort: 0, HostSettings(h, "registry"), runBackgroundWork: false, DurableEngine.InMemory);
        await using var _ = app;

        var registry = app.Services.GetRequiredService<IOptionsMonitor<DurableTaskRegistry>>().Get(Options.DefaultName);
        static IEnumerable<string> Names(DurableTaskRegistry registry, string property) =>
            ((System.Collections.IEnumerable)typeof(DurableTaskRegistry).GetProperty(property, System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(registry)!)
                .Cast<object>().Select(entry => ((TaskName)entry.GetType().GetProperty("Key")!.GetValue(entry)!).Name).Order();

        Assert.Equal(WorkflowNames.Orchestrators.Order(), Names(registry, "Orchestrators"));
        Assert.Equal(WorkflowNames.Activities.Order(), Names(registry, "Activities"));
    }

    [Fact]
    public async Task Serve_RestartedDuringARetryWait_PushCompletesAfterTheRestartOnce()
    {
        await using var h = await SyncHarness.StartAsync(azurite, settings: new()
        {
            ["Beds24:Retry:MaxRetries"] = "0",
            // Long enough to stop the host inside the wait, short enough for a test.
            ["Workflows:RetryFirstInterval"] = "00:00:06",
            ["Workflows:RetryBackoffCoefficient"] = "1",
        });
        var settings = HostSettings(h, "restart");
        h.Simulator.Faults.StartOutage();
        var first = await ServeAsync(h, settings);
        await h.SendAsync(StorageNames.Queues.PushBookings, SyncHarness.Booking("LH-R", 1));
        var client = first.Services.GetRequiredService<DurableTaskClient>();
        Assert.True(await WaitForAsync(() => h.Simulator.State.RequestCount() > 0, TimeSpan.FromSeconds(60)),
            "the first attempt never reached Beds24");
        // Stop inside the retry wait, ideally: the failed attempt takes milliseconds. Under load the stop can still cut
        // the attempt off; its activity then comes back after the local backend's work-item visibility timeout (1 minute).
        await Task.Delay(TimeSpan.FromSeconds(2));
        var waiting = await client.GetInstanceAsync($"push-{SyncHarness.AccountId}-LH-R");
        Assert.Equal(OrchestrationRuntimeStatus.Running, waiting?.RuntimeStatus);
        await first.StopAsync();
        await first.DisposeAsync();

        h.Simulator.Faults.Clear();
        var second = await ServeAsync(h, settings);
        await using var _ = second;

        Assert.True(await WaitForAsync(() => h.Simulator.State.GetBookings(h.Owner).Any(b => b.PmsReservationId() == "LH-R"), TimeSpan.FromSeconds(150)),
            "the push waiting on its retry timer did not complete after the restart");
        var done = await second.Services.GetRequiredService<DurableTaskClient>().WaitForInstanceCompletionAsync($"push-{SyncHarness.AccountId}-LH-R", getInputsAndOutputs: false);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Single(h.Simulator.State.GetBookings(h.Owner), b => b.PmsReservationId() == "LH-R");
        Assert.Empty(await h.DeadLettersAsync());
        await second.StopAsync();
    }
}
