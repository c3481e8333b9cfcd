using System.ComponentModel.DataAnnotations;
using Beds24Sync.Core;

namespace Beds24Sync.Workflows;

/// <summary>
/// Section <c>Workflows</c>: the timings every host gives the orchestrations (carried in their inputs, so a replay
/// sees the values the instance started with). The defaults are the product's: retries 5 s, 25 s, 125 s, a 5 s
/// calendar coalescing window, 5 minutes between failed calendar rounds. Tests shorten them.
/// </summary>
public sealed class WorkflowOptions
{
    public const string SectionName = "Workflows";

    [Range(1, 20)]
    public int RetryMaxAttempts { get; set; } = Beds24Sync.Core.SyncRetryPolicy.MaxAttempts;

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RetryFirstInterval { get; set; } = Beds24Sync.Core.SyncRetryPolicy.FirstRetryInterval;

    [Range(1.0, 10.0)]
    public double RetryBackoffCoefficient { get; set; } = Beds24Sync.Core.SyncRetryPolicy.BackoffCoefficient;

    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan CalendarCoalescingWindow { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:00.010", "06:00:00")]
    public TimeSpan CalendarRetryRoundDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a booking message that finds its reservation's push still running waits for that push to end: one
    /// that had already read the link for the last time ends without the new version, which is then started anew.
    /// The wait ends as soon as the push does; only a push that is still retrying keeps the message for all of it.
    /// Zero: no wait (the pending-push sweeper still finds it, minutes later).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RunningPushGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Finished orchestrations (completed, failed, terminated) older than this are purged from the task hub daily.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "365.00:00:00")]
    public TimeSpan HistoryRetention { get; set; } = TimeSpan.FromDays(30);

    public RetrySchedule Retry => new(RetryMaxAttempts, RetryFirstInterval, RetryBackoffCoefficient);
}
