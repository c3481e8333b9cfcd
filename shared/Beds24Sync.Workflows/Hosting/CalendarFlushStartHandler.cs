using Beds24Sync.Calendar;
using Beds24Sync.Queues;
using Beds24Sync.Storage;
using Beds24Sync.Workflows.Calendar;
using Microsoft.DurableTask.Client;

namespace Beds24Sync.Workflows.Hosting;

/// <summary>beds24-push-calendar → workflow: intake into the pending cells, then make sure the account's flush orchestration (coalescing window) runs.</summary>
public sealed class CalendarFlushStartHandler(CalendarPushIntake intake, DurableTaskClient durable, WorkflowOptions options) : IQueueMessageHandler
{
    public string QueueName => StorageNames.Queues.PushCalendar;

    public async Task HandleAsync(string message, int attempt, CancellationToken cancellationToken)
    {
        var accepted = await intake.AcceptAsync(message, cancellationToken).ConfigureAwait(false);
        if (accepted.CellsChanged > 0)
        {
            var input = CalendarFlushInput.For(accepted.AccountId, options);
            await OrchestrationStarter.EnsureRunningAsync(durable, WorkflowNames.CalendarFlushOrchestrator, input.InstanceId, input, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task OnDeadLetteredAsync(string message, CancellationToken cancellationToken) => Task.CompletedTask;
}
