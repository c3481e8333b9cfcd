using Beds24Functions.Orchestrations;
using Beds24Sync.Accounts;
using Beds24Sync.Conflicts;
using Beds24Sync.Pull;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Beds24Functions.Timers;

/// <summary>Every 5 minutes: incremental pull per account. 03:00: the full-pull orchestration. Every 15 minutes: conflict reminders/escalations.</summary>
public sealed class ScheduleFunctions(IAccountStore accounts, IncrementalPullService incremental, ConflictTimeoutSweeper conflicts, TimeProvider time)
{
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

    [Function("NightlyFullPull")]
    public async Task NightlyFullPull([TimerTrigger("0 0 3 * * *")] TimerInfo timer, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        await OrchestrationStarter.EnsureRunningAsync(durable, nameof(FullPullOrchestrator), $"full-pull-{time.GetUtcNow():yyyyMMdd}", new { }, cancellationToken);

    [Function("ConflictSweep")]
    public Task ConflictSweep([TimerTrigger("0 */15 * * * *")] TimerInfo timer, CancellationToken cancellationToken) => conflicts.RunOnceAsync(cancellationToken);
}
