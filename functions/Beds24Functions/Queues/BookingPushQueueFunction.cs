using Beds24Sync.Push;
using Beds24Sync.Queues;
using Beds24Sync.Storage;
using Beds24Sync.Workflows;
using Beds24Sync.Workflows.Hosting;
using Beds24Sync.Workflows.Push;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Beds24Functions.Queues;

/// <summary>
/// beds24-push-bookings: intake (validate, remember the newest version), then make sure the reservation's push
/// orchestration runs. Its instance id is the reservation, so changes to one booking apply in order; a running
/// instance is left alone (it pushes the newest pending version) — never terminated and restarted.
/// </summary>
public sealed class BookingPushQueueFunction(BookingPushIntake intake, QueueMessageProcessor processor)
{
    [Function(nameof(BookingPushQueueFunction))]
    public async Task Run([QueueTrigger(StorageNames.Queues.PushBookings)] Azure.Storage.Queues.Models.QueueMessage message, [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        var handler = new StartPushHandler(intake, durable);
        if (await processor.ProcessAsync(handler, message.Body.ToString(), (int)message.DequeueCount, message.MessageId, cancellationToken) is { } retryAfter)
        {
            throw new RetryLaterException(message.MessageId, retryAfter);
        }
    }

    private sealed class StartPushHandler(BookingPushIntake intake, DurableTaskClient durable) : IQueueMessageHandler
    {
        public string QueueName => StorageNames.Queues.PushBookings;

        public async Task HandleAsync(string message, int attempt, CancellationToken cancellationToken)
        {
            var accepted = await intake.AcceptAsync(message, cancellationToken);
            if (accepted.NeedsPush)
            {
                var request = new PushRequest(accepted.Message.AccountId, accepted.Message.Reservation.ReservationId, accepted.Message.Version);
                await OrchestrationStarter.EnsureRunningAsync(durable, WorkflowNames.BookingPushOrchestrator, request.InstanceId, request, cancellationToken);
            }
        }

        public Task OnDeadLetteredAsync(string message, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
