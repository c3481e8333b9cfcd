using Microsoft.DurableTask.Client;

namespace Beds24Sync.Workflows.Hosting;

/// <summary>
/// The task hub keeps every orchestration's history (tables and blobs) until purged. Finished instances older than
/// <see cref="WorkflowOptions.HistoryRetention"/> are purged; running and waiting ones (retries, conflicts waiting for
/// a decision) never match the filter. Instances are listed by query and purged one by one: the local host's Durable
/// sidecar refuses a purge by filter, and both hosts must run the same code.
/// </summary>
public static class DurableHistoryPurge
{
    public static readonly IReadOnlyList<OrchestrationRuntimeStatus> FinishedStatuses =
        [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];

    /// <returns>How many instances were purged.</returns>
    public static async Task<int> PurgeAsync(DurableTaskClient durable, TimeSpan retention, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durable);
        ArgumentNullException.ThrowIfNull(time);
        var query = new OrchestrationQuery { CreatedTo = time.GetUtcNow() - retention, Statuses = FinishedStatuses, PageSize = 100 };
        var ids = new List<string>();
        await foreach (var instance in durable.GetAllInstancesAsync(query).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(instance.InstanceId);
        }

        var purged = 0;
        foreach (var id in ids)
        {
            purged += (await durable.PurgeInstanceAsync(id, cancellation: cancellationToken).ConfigureAwait(false)).PurgedInstanceCount;
        }

        return purged;
    }
}
