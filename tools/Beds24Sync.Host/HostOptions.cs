using System.ComponentModel.DataAnnotations;

namespace Beds24Sync.Host;

/// <summary>Section <c>Host</c>: how the local host runs the engine's loops.</summary>
public sealed class LocalHostOptions
{
    public const string SectionName = "Host";

    /// <summary>The calendar coalescing window: every change queued within it goes out in one Beds24 call.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan CalendarFlushInterval { get; set; } = TimeSpan.FromSeconds(2);

    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan QueueIdleDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Messages of one receive handled at once: the Functions app's host.json queues.batchSize (16).</summary>
    [Range(1, 32)]
    public int QueueParallelism { get; set; } = 16;
}
