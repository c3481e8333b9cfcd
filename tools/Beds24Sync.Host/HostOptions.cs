using System.ComponentModel.DataAnnotations;

namespace Beds24Sync.Host;

/// <summary>Section <c>Host</c>: how the local host runs the engine: task hub, queue polling.</summary>
public sealed class LocalHostOptions
{
    public const string SectionName = "Host";

    // Not the Azure app's hub name (Beds24Sync): pointed at the production storage account (--storage), the local host
    // must not take work from the deployed app's orchestrations.
    public const string DefaultTaskHub = "Beds24SyncLocal";

    /// <summary>The Durable task hub on the storage account (tables and queues named after it), as host.json's hubName in Azure.</summary>
    [Required, RegularExpression("^[A-Za-z][A-Za-z0-9]{2,44}$")]
    public string TaskHub { get; set; } = DefaultTaskHub;

    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan QueueIdleDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Messages of one queue in hand at once: the Functions app's host.json queues.batchSize + newBatchThreshold (32 + 16).</summary>
    [Range(1, 64)]
    public int QueueParallelism { get; set; } = 48;
}
