using System.Reflection;
using Beds24Functions.Orchestrations;
using Beds24Sync.Workflows;
using Beds24Sync.Workflows.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace Beds24Functions.Tests;

/// <summary>The Functions app and any Durable Task worker (the local host, the test engine) register the same workflows under the same names.</summary>
public sealed class WorkflowRegistrationTests
{
    private static (HashSet<string> Orchestrators, HashSet<string> Activities) FunctionsApp()
    {
        var orchestrators = new HashSet<string>(StringComparer.Ordinal);
        var activities = new HashSet<string>(StringComparer.Ordinal);
        foreach (var method in typeof(WorkflowFunctions).Assembly.GetTypes().SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance)))
        {
            if (method.GetCustomAttribute<FunctionAttribute>() is not { } function)
            {
                continue;
            }

            var parameters = method.GetParameters();
            if (parameters.Any(p => p.GetCustomAttribute<OrchestrationTriggerAttribute>() is not null))
            {
                orchestrators.Add(function.Name);
            }
            else if (parameters.Any(p => p.GetCustomAttribute<ActivityTriggerAttribute>() is not null))
            {
                activities.Add(function.Name);
            }
        }

        return (orchestrators, activities);
    }

    private static (HashSet<string> Orchestrators, HashSet<string> Activities) Worker()
    {
        var registry = new DurableTaskRegistry();
        registry.AddBeds24Workflows(new ServiceCollection().BuildServiceProvider());
        static HashSet<string> Names(object registry, string property) =>
            [.. ((System.Collections.IEnumerable)registry.GetType().GetProperty(property, BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(registry)!)
                .Cast<object>().Select(entry => ((TaskName)entry.GetType().GetProperty("Key")!.GetValue(entry)!).Name)];
        return (Names(registry, "Orchestrators"), Names(registry, "Activities"));
    }

    [Fact]
    public void FunctionsApp_RegistersEveryWorkflowName()
    {
        var (orchestrators, activities) = FunctionsApp();

        Assert.Equal(WorkflowNames.Orchestrators.Order(), orchestrators.Order());
        Assert.Equal(WorkflowNames.Activities.Order(), activities.Order());
    }

    [Fact]
    public void DurableTaskWorker_RegistersTheSameNamesAsTheFunctionsApp()
    {
        var functions = FunctionsApp();
        var worker = Worker();

        Assert.Equal(functions.Orchestrators.Order(), worker.Orchestrators.Order());
        Assert.Equal(functions.Activities.Order(), worker.Activities.Order());
    }
}
