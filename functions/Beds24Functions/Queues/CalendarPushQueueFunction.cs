using Beds24Sync.Calendar;
using Beds24Sync.Queues;
using Beds24Sync.Storage;
using Beds24Sync.Workflows;
using Beds24Sync.Workflows.Calendar;
using Beds24Sync.Workflows.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Beds24Functions.Queues;

/// <summary>beds24-push-calendar: intake into the pending cells, then make sure the account's flush orchestration (coalescing window) runs.</summary>
public sealed class CalendarPushQueueFunction(CalendarPushIntake intake, QueueMessageProcessor processor)
{
    [Function(nameof(CalendarPushQueueFunction))]
    public async Task Run([QueueTrigger(StorageNames.Queues.PushCalendar)] Azure.Storage.Queues.Models.QueueMessage message, [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        var handler = new StartFlushHandler(intake, durable);
        if (await processor.ProcessAsync(handler, message.Body.ToString(), (int)message.DequeueCount, message.MessageId, cancellationToken) is { } retryAfter)
        {
            throw new RetryLaterException(message.MessageId, retryAfter);
        }
    }

    private sealed class StartFlushHandler(CalendarPushIntake intake, DurableTaskClient durable) : IQueueMessageHandler
    {
        public string QueueName => StorageNames.Queues.PushCalendar;

        public async Task HandleAsync(string message, int attempt, CancellationToken cancellationToken)
        {
            var accepted = await intake.AcceptAsync(message, cancellationToken);
            if (accepted.CellsChanged > 0)
            {
                var input = new CalendarFlushInput(accepted.AccountId);
                await OrchestrationStarter.EnsureRunningAsync(durable, WorkflowNames.CalendarFlushOrchestrator, input.InstanceId, input, cancellationToken);
            }
        }

        public Task OnDeadLetteredAsync(string message, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
