namespace Beds24Sync.Core;

/// <summary>
/// The one retry schedule for pushes and queue work: 5 s, 25 s, 125 s (3 retries, 4 attempts), then dead letter.
/// Durable uses it as RetryPolicy(4, 5 s, backoff 5); the local host as queue visibility delays.
/// </summary>
public static class SyncRetryPolicy
{
    public const int MaxAttempts = 4;
    public static readonly TimeSpan FirstRetryInterval = TimeSpan.FromSeconds(5);
    public const double BackoffCoefficient = 5;

    public static IReadOnlyList<TimeSpan> Delays { get; } = [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(125)];

    /// <summary>Delay before attempt <paramref name="nextAttempt"/> (2..4), or null when attempts are exhausted.</summary>
    public static TimeSpan? DelayBefore(int nextAttempt) =>
        nextAttempt >= 2 && nextAttempt <= MaxAttempts ? Delays[nextAttempt - 2] : null;
}
