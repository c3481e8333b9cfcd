namespace Beds24Sync.Workflows.Push;

/// <summary>Input of the booking push orchestration: which reservation (its newest pending version is pushed).</summary>
public sealed record PushRequest(string AccountId, string ReservationId, long Version, RetrySchedule? Retry = null)
{
    public string InstanceId => $"push-{AccountId}-{ReservationId}";

    /// <summary>The input a host starts a reservation's push with, the retry schedule from <paramref name="options"/>.</summary>
    public static PushRequest For(string accountId, string reservationId, long version, WorkflowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(accountId, reservationId, version, options.Retry);
    }
}

/// <summary>Output of the push activity. Permanent failures come back as a result (not retried); transient ones throw (retried).</summary>
public sealed record PushActivityResult(bool Succeeded, bool MorePending, string? PermanentFailure, string? Category);

public sealed record DeadLetterRequest(PushRequest Push, string Category, string Reason);
