using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Beds24Functions.Orchestrations;

/// <summary>
/// One per reservation. Calls the push activity with the retry policy 5 s, 25 s, 125 s (4 attempts); a permanent
/// failure or exhausted retries end in the dead-letter activity (reason + alert). If a newer version arrived
/// meanwhile, it continues as new to push that one.
/// </summary>
public static class BookingPushOrchestrator
{
    public static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(
        new RetryPolicy(Beds24Sync.Push.PushRetryPolicy.MaxAttempts, Beds24Sync.Push.PushRetryPolicy.FirstRetryInterval, Beds24Sync.Push.PushRetryPolicy.BackoffCoefficient));

    [Function(nameof(BookingPushOrchestrator))]
    public static async Task Run([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var request = context.GetInput<PushRequest>()!;
        var logger = context.CreateReplaySafeLogger(nameof(BookingPushOrchestrator));
        PushActivityResult result;
        try
        {
            result = await context.CallActivityAsync<PushActivityResult>(nameof(PushActivities.PushBooking), request, Retry);
        }
        catch (TaskFailedException ex)
        {
            logger.LogWarning("Push of {ReservationId} failed after {Attempts} attempts", request.ReservationId, Beds24Sync.Push.PushRetryPolicy.MaxAttempts);
            await context.CallActivityAsync(nameof(PushActivities.DeadLetterPush), new DeadLetterRequest(request, Beds24Sync.Contracts.DeadLetterCategories.Exhausted, ex.FailureDetails.ErrorMessage));
            return;
        }

        if (result.PermanentFailure is { } reason)
        {
            logger.LogWarning("Push of {ReservationId} failed permanently", request.ReservationId);
            await context.CallActivityAsync(nameof(PushActivities.DeadLetterPush), new DeadLetterRequest(request, result.Category ?? "permanent", reason));
            return;
        }

        if (result.MorePending)
        {
            context.ContinueAsNew(request);
        }
    }
}

public sealed record DeadLetterRequest(PushRequest Push, string Category, string Reason);
