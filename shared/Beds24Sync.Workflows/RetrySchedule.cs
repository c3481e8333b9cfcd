using Beds24Sync.Core;
using Microsoft.DurableTask;

namespace Beds24Sync.Workflows;

/// <summary>
/// The retry schedule of every activity that talks to Beds24: 5 s, 25 s, 125 s (4 attempts), then the workflow's
/// give-up path (dead letter with the reason). Carried in the inputs so a test can shorten it; replay-safe.
/// </summary>
public sealed record RetrySchedule(int MaxAttempts, TimeSpan FirstRetryInterval, double BackoffCoefficient)
{
    public static RetrySchedule Default { get; } = new(Beds24Sync.Core.SyncRetryPolicy.MaxAttempts, Beds24Sync.Core.SyncRetryPolicy.FirstRetryInterval, Beds24Sync.Core.SyncRetryPolicy.BackoffCoefficient);

    public TaskOptions ToTaskOptions() => TaskOptions.FromRetryPolicy(new RetryPolicy(MaxAttempts, FirstRetryInterval, BackoffCoefficient));
}
