using Beds24Sync.Operations;

namespace Beds24Sync.Alerts;

/// <summary>
/// The four alert rules, evaluated by the app (they are also declared as Azure Monitor rules in infra/): success rate
/// under 95 %, a queue deeper than 1000, Beds24 unreachable for over 5 minutes, conflict rate over 10 %. A rule fires
/// once when it starts failing and once more when it clears, not on every evaluation.
/// </summary>
public sealed class AlertEvaluator(TimeProvider time)
{
    public const double MinSuccessRate = 0.95;
    public const int MaxQueueDepth = 1000;
    public static readonly TimeSpan MaxUnreachable = TimeSpan.FromMinutes(5);
    public const double MaxConflictRate = 0.10;
    /// <summary>Rates are judged only on enough samples: two failures out of three are noise, not an incident.</summary>
    public const int MinSamples = 20;

    private readonly HashSet<string> _firing = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    public IReadOnlyList<AlertEvent> Evaluate(TelemetrySnapshot telemetry, IReadOnlyDictionary<string, int> queueDepths)
    {
        var now = time.GetUtcNow();
        var results = new List<AlertEvent>();
        Check("success-rate", telemetry.Outcomes >= MinSamples && telemetry.SuccessRate < MinSuccessRate,
            $"Sync success rate is {telemetry.SuccessRate:P1} over the last {telemetry.Window.TotalMinutes:F0} minutes ({telemetry.Outcomes} changes).");
        var deepest = queueDepths.OrderByDescending(q => q.Value).FirstOrDefault();
        Check("queue-depth", deepest.Value > MaxQueueDepth, $"Queue {deepest.Key} holds {deepest.Value} messages.");
        Check("beds24-unreachable", telemetry.Beds24UnreachableFor > MaxUnreachable,
            $"Beds24 has been unreachable for {telemetry.Beds24UnreachableFor?.TotalMinutes:F0} minutes.");
        Check("conflict-rate", telemetry.Outcomes >= MinSamples && telemetry.ConflictRate > MaxConflictRate,
            $"{telemetry.ConflictRate:P1} of the changes of the last {telemetry.Window.TotalMinutes:F0} minutes ran into conflicts ({telemetry.Conflicts} of {telemetry.Outcomes}).");
        return results;

        void Check(string rule, bool failing, string message)
        {
            lock (_gate)
            {
                if (failing && _firing.Add(rule))
                {
                    results.Add(new AlertEvent(rule, "error", message, now));
                }
                else if (!failing && _firing.Remove(rule))
                {
                    results.Add(new AlertEvent(rule, "resolved", $"Recovered: {rule}.", now));
                }
            }
        }
    }
}
