using System.Reflection;
using Beds24Functions.Timers;
using Beds24Sync.Workflows.Hosting;
using Microsoft.Azure.Functions.Worker;

namespace Beds24Functions.Tests;

/// <summary>The Functions app's timers are exactly the shared job table the local host runs, name for name and cron for cron.</summary>
public sealed class ScheduleRegistrationTests
{
    [Fact]
    public void TimerFunctions_AreTheSharedScheduledJobs()
    {
        var timers = typeof(ScheduledFunctions).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance))
            .Select(m => (Function: m.GetCustomAttribute<FunctionAttribute>(), Timer: m.GetParameters().Select(p => p.GetCustomAttribute<TimerTriggerAttribute>()).FirstOrDefault(a => a is not null)))
            .Where(x => x.Function is not null && x.Timer is not null)
            .Select(x => $"{x.Function!.Name} {x.Timer!.Schedule}")
            .Order();

        Assert.Equal(ScheduledJobs.All.Select(j => $"{j.Name} {j.Cron}").Order(), timers);
    }
}
