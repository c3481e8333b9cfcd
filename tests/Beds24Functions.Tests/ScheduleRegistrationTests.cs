using System.Reflection;
using System.Text.Json.Nodes;
using Beds24Functions.Timers;
using Beds24Sync.Workflows.Hosting;
using Microsoft.Azure.Functions.Worker;

namespace Beds24Functions.Tests;

/// <summary>The Functions app's timers are exactly the shared job table the local host runs, each bound to its job's setting.</summary>
public sealed class ScheduleRegistrationTests
{
    [Fact]
    public void TimerFunctions_AreTheSharedScheduledJobs_BoundToTheirSettings()
    {
        var timers = typeof(ScheduledFunctions).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance))
            .Select(m => (Function: m.GetCustomAttribute<FunctionAttribute>(), Timer: m.GetParameters().Select(p => p.GetCustomAttribute<TimerTriggerAttribute>()).FirstOrDefault(a => a is not null)))
            .Where(x => x.Function is not null && x.Timer is not null)
            .Select(x => $"{x.Function!.Name} {x.Timer!.Schedule}")
            .Order();

        Assert.Equal(ScheduledJobs.All.Select(j => $"{j.Name} %Schedule_{j.Name}%").Order(), timers);
    }

    [Fact]
    public void FunctionsMetadata_TheHostReadsEachTimerScheduleFromItsSetting()
    {
        // What the Functions host indexes: the metadata the worker SDK generates at build.
        var path = Path.Combine(AppContext.BaseDirectory, "functions.metadata");
        Assert.True(File.Exists(path), $"no generated {path}");
        var schedules = JsonNode.Parse(File.ReadAllText(path))!.AsArray()
            .SelectMany(f => f!["bindings"]!.AsArray().Where(b => (string?)b!["type"] == "timerTrigger").Select(b => $"{f["name"]} {b!["schedule"]}"))
            .Order();

        Assert.Equal(ScheduledJobs.All.Select(j => $"{j.Name} {j.Binding}").Order(), schedules);
    }
}
