namespace Beds24Sync.Operations;

/// <summary>
/// The rolling window's figures (null where there were no samples). <see cref="Outcomes"/> counts units of work
/// (pushes, inbound bookings, calendar flushes); rates are shares of them. <see cref="ApiErrorRate"/> is the share of
/// the flows' Beds24 interactions that failed.
/// </summary>
public sealed record TelemetrySnapshot(int Outcomes, double? SuccessRate, double? LatencyP50Ms, double? LatencyP95Ms, double? LatencyP99Ms,
    double? ConflictRate, int ApiErrors, TimeSpan? Beds24UnreachableFor)
{
    public int Failures { get; init; }

    public int Conflicts { get; init; }

    public double? ApiErrorRate { get; init; }

    /// <summary>The span the figures cover.</summary>
    public TimeSpan Window { get; init; } = SyncStatistics.DefaultWindow;
}
