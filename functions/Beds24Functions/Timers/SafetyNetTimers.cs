using Beds24Sync.Accounts;
using Beds24Sync.Push;
using Beds24Sync.Workflows;
using Beds24Sync.Workflows.Calendar;
using Beds24Sync.Workflows.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Beds24Functions.Timers;

/// <summary>Safety nets: nothing a PMS sent may stay stranded because a message and an orchestration crossed.</summary>
public sealed class SafetyNetTimers(IAccountStore accounts, PendingPushSweeper pendingPushes, Beds24Sync.DeadLetters.PoisonQueueDrainer poison)
{
    /// <summary>Every 5 minutes: what the host moved to a *-poison queue goes to the dead-letter store with its reason.</summary>
    [Function("PoisonQueueDrain")]
    public Task PoisonQueueDrain([TimerTrigger("45 */5 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        poison.DrainAsync(cancellationToken);

    /// <summary>Every 10 minutes: re-queue PMS booking changes left pending on a booking link.</summary>
    [Function("PendingPushSweep")]
    public Task PendingPushSweep([TimerTrigger("0 */10 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        pendingPushes.RunOnceAsync(cancellationToken);

    /// <summary>
    /// Every 5 minutes: make sure each enabled account's calendar flush runs (for a change that landed just as a flush
    /// was finishing; with nothing pending a flush costs one table read and no Beds24 call).
    /// </summary>
    [Function("CalendarSweep")]
    public async Task CalendarSweep([TimerTrigger("15 */5 * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken)
    {
        await foreach (var account in accounts.ListAsync(cancellationToken))
        {
            if (account.Enabled)
            {
                var input = new CalendarFlushInput(account.AccountId);
                await OrchestrationStarter.EnsureRunningAsync(durable, WorkflowNames.CalendarFlushOrchestrator, input.InstanceId, input, cancellationToken);
            }
        }
    }
}
