using Beds24Sync.Accounts;
using Beds24Sync.Pull;
using Beds24Sync.Workflows;
using Beds24Sync.Workflows.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Beds24Functions.Timers;

/// <summary>Every 5 minutes: incremental pull per account. 03:00 UTC: the nightly full-pull orchestration.</summary>
public sealed class PullTimers(IAccountStore accounts, IncrementalPullService incremental, TimeProvider time)
{
    /// <summary>Accounts one after another; the cursor lease makes an overlapping run (or the local host) harmless.</summary>
    [Function("IncrementalPull")]
    public async Task IncrementalPull([TimerTrigger("0 */5 * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        await foreach (var account in accounts.ListAsync(cancellationToken))
        {
            if (account.Enabled)
            {
                await incremental.RunAsync(account.AccountId, cancellationToken);
            }
        }
    }

    /// <summary>One orchestration per night (instance id by date), so a re-fired timer does not start a second one.</summary>
    [Function("NightlyFullPull")]
    public Task NightlyFullPull([TimerTrigger("0 0 3 * * *")] TimerInfo timer, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        OrchestrationStarter.EnsureRunningAsync(durable, WorkflowNames.FullPullOrchestrator, $"full-pull-{time.GetUtcNow():yyyyMMdd}", new Beds24Sync.Workflows.Pull.FullPullInput(), cancellationToken);
}
