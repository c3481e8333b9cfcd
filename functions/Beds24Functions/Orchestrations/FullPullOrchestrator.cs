using Beds24Sync.Accounts;
using Beds24Sync.Pull;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Beds24Functions.Orchestrations;

/// <summary>The nightly reconciliation, fanned out per property; returns every property's report.</summary>
public static class FullPullOrchestrator
{
    [Function(nameof(FullPullOrchestrator))]
    public static async Task<IReadOnlyList<ReconciliationReport>> Run([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var targets = await context.CallActivityAsync<IReadOnlyList<PropertyTarget>>(nameof(FullPullActivities.ListProperties));
        var reports = await Task.WhenAll(targets.Select(t => context.CallActivityAsync<ReconciliationReport>(nameof(FullPullActivities.ReconcileProperty), t, BookingPushOrchestrator.Retry)));
        return reports;
    }
}

public sealed record PropertyTarget(string AccountId, long Beds24PropertyId);

public sealed class FullPullActivities(IAccountStore accounts, FullPullService fullPull)
{
    [Function(nameof(ListProperties))]
    public async Task<IReadOnlyList<PropertyTarget>> ListProperties([ActivityTrigger] object? input, CancellationToken cancellationToken)
    {
        var targets = new List<PropertyTarget>();
        await foreach (var account in accounts.ListAsync(cancellationToken))
        {
            if (account.Enabled)
            {
                targets.AddRange(account.PropertyIds.Select(p => new PropertyTarget(account.AccountId, p)));
            }
        }

        return targets;
    }

    [Function(nameof(ReconcileProperty))]
    public Task<ReconciliationReport> ReconcileProperty([ActivityTrigger] PropertyTarget target, CancellationToken cancellationToken) =>
        fullPull.ReconcilePropertyAsync(target.AccountId, target.Beds24PropertyId, cancellationToken);
}
