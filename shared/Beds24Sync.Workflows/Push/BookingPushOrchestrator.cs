using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Beds24Sync.Workflows.Push;

/// <summary>
/// One per reservation. Calls the push activity with the retry schedule (5 s, 25 s, 125 s); a permanent failure or
/// exhausted retries end in the dead-letter activity (reason + alert). If a newer version arrived meanwhile, it
/// continues as new to push that one.
/// </summary>
public static class BookingPushOrchestrator
{
    public static async Task RunAsync(TaskOrchestrationContext context)
    {
        var request = context.GetInput<PushRequest>()!;
        var retry = request.Retry ?? RetrySchedule.Default;
        var logger = context.CreateReplaySafeLogger(WorkflowNames.BookingPushOrchestrator);
        PushActivityResult result;
        try
        {
            result = await context.CallActivityAsync<PushActivityResult>(WorkflowNames.PushBooking, request, retry.ToTaskOptions());
        }
        catch (TaskFailedException ex)
        {
            logger.LogWarning("Push of {ReservationId} failed after {Attempts} attempts", request.ReservationId, retry.MaxAttempts);
            await context.CallActivityAsync(WorkflowNames.DeadLetterPush, new DeadLetterRequest(request, Beds24Sync.Contracts.DeadLetterCategories.Exhausted,
                $"Gave up after {retry.MaxAttempts} attempts: {ex.FailureDetails.ErrorMessage}"));
            return;
        }

        if (result.PermanentFailure is { } reason)
        {
            logger.LogWarning("Push of {ReservationId} failed permanently", request.ReservationId);
            await context.CallActivityAsync(WorkflowNames.DeadLetterPush, new DeadLetterRequest(request, result.Category ?? "permanent", reason));
            return;
        }

        if (result.MorePending)
        {
            context.ContinueAsNew(request);
        }
    }
}
