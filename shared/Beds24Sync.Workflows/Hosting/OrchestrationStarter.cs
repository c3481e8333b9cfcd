using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Beds24Sync.Workflows.Hosting;

/// <summary>
/// Starts an orchestration with a fixed instance id unless one is already pending or running. Scheduling over a
/// running instance would terminate and restart it (docs/ARCHITECTURE.md §5), so the host refuses that
/// (host.json <c>overridableExistingInstanceStates: NonRunningStates</c>), and in one process the check and the
/// schedule of one instance id run one at a time (a batch of queue messages for one reservation would otherwise
/// schedule it twice: the in-memory engine then corrupts the instance, measured). A start that loses a race across
/// processes finds it running and counts that as started. A finished instance is started anew.
/// </summary>
public static class OrchestrationStarter
{
    // Striped: bounded memory whatever the number of reservations; two ids sharing a stripe only wait for each other.
    private static readonly SemaphoreSlim[] Stripes = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    /// <returns>True when this call started it, false when it was already pending or running.</returns>
    public static async Task<bool> EnsureRunningAsync(DurableTaskClient client, string orchestrator, string instanceId, object input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(instanceId);
        var stripe = Stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(instanceId) % (uint)Stripes.Length)];
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await StartUnlessActiveAsync(client, orchestrator, instanceId, input, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            stripe.Release();
        }
    }

    private static async Task<bool> StartUnlessActiveAsync(DurableTaskClient client, string orchestrator, string instanceId, object input, CancellationToken cancellationToken)
    {
        if (await IsActiveAsync(client, instanceId, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions { InstanceId = instanceId }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Lost the race to a concurrent start (the engine refused "already exists"): it runs, which is what we wanted.
            if (await IsActiveAsync(client, instanceId, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            throw;
        }
    }

    private static async Task<bool> IsActiveAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        var existing = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
        return existing is { RuntimeStatus: OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Running };
    }
}
