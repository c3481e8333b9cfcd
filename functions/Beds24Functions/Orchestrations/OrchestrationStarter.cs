using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Beds24Functions.Orchestrations;

/// <summary>
/// Start an orchestration with a fixed instance id unless one is already pending or running. Scheduling over a
/// running instance would terminate and restart it (DESIGN.md §5); a finished one is simply started anew.
/// </summary>
internal static class OrchestrationStarter
{
    public static async Task EnsureRunningAsync(DurableTaskClient client, string orchestrator, string instanceId, object input, CancellationToken cancellationToken)
    {
        var existing = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
        if (existing is { RuntimeStatus: OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Running })
        {
            return;
        }

        await client.ScheduleNewOrchestrationInstanceAsync(new TaskName(orchestrator), input, new StartOrchestrationOptions { InstanceId = instanceId }, cancellationToken);
    }
}
