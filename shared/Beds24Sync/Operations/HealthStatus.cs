namespace Beds24Sync.Operations;

/// <summary>Health of one check and of the whole: degraded still works (partly), unhealthy does not.</summary>
public enum HealthStatus
{
    Healthy,
    Degraded,
    Unhealthy,
}

/// <summary>One line of /health. The detail says what is wrong and what to do; it never carries a secret.</summary>
public sealed record HealthCheckResult(string Name, HealthStatus Status, string Detail);
