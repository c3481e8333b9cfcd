using Beds24Sync.Push;
using Beds24Sync.Queues;
using Beds24Sync.Storage;
using Beds24Sync.Workflows.Push;
using Microsoft.DurableTask.Client;

namespace Beds24Sync.Workflows.Hosting;

/// <summary>
/// beds24-push-bookings → workflow: intake (validate, keep the newest version on the link), then make sure the
/// reservation's push orchestration runs. Its instance id is the reservation, so changes to one booking apply in
/// order; a running instance is left alone (it pushes the newest pending version), never terminated and restarted.
/// </summary>
public sealed class BookingPushStartHandler(BookingPushIntake intake, DurableTaskClient durable, WorkflowOptions options) : IQueueMessageHandler
{
    public string QueueName => StorageNames.Queues.PushBookings;

    public async Task HandleAsync(string message, int attempt, CancellationToken cancellationToken)
    {
        var accepted = await intake.AcceptAsync(message, cancellationToken).ConfigureAwait(false);
        if (!accepted.NeedsPush)
        {
            return;
        }

        var request = PushRequest.For(accepted.Message.AccountId, accepted.Message.Reservation.ReservationId, accepted.Message.Version, options);
        if (await OrchestrationStarter.EnsureRunningAsync(durable, WorkflowNames.BookingPushOrchestrator, request.InstanceId, request, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        // It was running when this version was saved. If it had already read the link for the last time, it ends
        // without this version: wait (at most the grace) for it to end, then start it again unless it still runs (a
        // new one pushes nothing if the old one did see it). One still running after the grace is pushing or
        // retrying, and reads the link again before it ends. The status is read again after the wait, whatever the
        // wait answered: a wait can miss an end that happens as it begins (the in-memory engine's does).
        if (options.RunningPushGrace > TimeSpan.Zero)
        {
            await WaitForEndAsync(request.InstanceId, cancellationToken).ConfigureAwait(false);
            await OrchestrationStarter.EnsureRunningAsync(durable, WorkflowNames.BookingPushOrchestrator, request.InstanceId, request, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task OnDeadLetteredAsync(string message, CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task WaitForEndAsync(string instanceId, CancellationToken cancellationToken)
    {
        using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        grace.CancelAfter(options.RunningPushGrace);
        try
        {
            await durable.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: false, grace.Token).ConfigureAwait(false);
        }
        catch (Exception) when (grace.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The grace ran out (as a cancellation, or as the client's RPC error for one).
        }
    }
}
