using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask.Testing.Sidecar;

namespace Beds24Sync.Host.Durable;

/// <summary>The two engines the local host runs orchestrations on.</summary>
internal static class LocalDurableBackends
{
    /// <summary>
    /// The Durable Task Azure Storage backend (Durable Functions' default) on the host's storage account, so
    /// orchestrations, timers and their history survive a restart as in Azure and the task hub can be inspected with
    /// the same tools. Polling is kept short: this is one process on one machine, not a scaled-out app.
    /// </summary>
    public static IOrchestrationService AzureStorage(string connectionString, string taskHub, ILoggerFactory loggerFactory)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException("The local host runs its workflows on the Durable Task Azure Storage backend and needs Storage:ConnectionString (Azurite: UseDevelopmentStorage=true).");
        }

        return new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = taskHub,
            StorageAccountClientProvider = new StorageAccountClientProvider(connectionString),
            PartitionCount = 1,
            MaxConcurrentTaskActivityWorkItems = Beds24Sync.Workflows.Hosting.ActivityConcurrency.PerHost,
            MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
            // A host stopped hard in the middle of an activity gets it back after this (5 minutes by default); running
            // activities renew it, so a long one is not handed out twice.
            WorkItemQueueVisibilityTimeout = TimeSpan.FromMinutes(1),
            LoggerFactory = loggerFactory,
        });
    }

    /// <summary>In memory, for a one-shot CLI verb that runs one orchestration to its end and prints the result.</summary>
    public static IOrchestrationService InMemory(ILoggerFactory loggerFactory) => new InMemoryOrchestrationService(loggerFactory);
}
