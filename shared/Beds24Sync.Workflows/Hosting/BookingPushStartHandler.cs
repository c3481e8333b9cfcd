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
        if (accepted.NeedsPush)
        {
            var request = PushRequest.For(accepted.Message.AccountId, accepted.Message.Reservation.ReservationId, accepted.Message.Version, options);
            await OrchestrationStarter.EnsureRunningAsync(durable, WorkflowNames.BookingPushOrchestrator, request.InstanceId, request, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task OnDeadLetteredAsync(string message, CancellationToken cancellationToken) => Task.CompletedTask;
}
