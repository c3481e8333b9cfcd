using Beds24Sync.Accounts;

namespace Beds24Sync.Pull;

/// <summary>
/// The fan-out of the nightly full pull: one target per property of every enabled account. Each target is
/// reconciled on its own (<see cref="FullPullService.ReconcilePropertyAsync"/>), so one property's failure or retry
/// does not redo the others.
/// </summary>
public sealed class FullPullPlanner(IAccountStore accounts)
{
    /// <param name="onlyAccount">Plan one account (the CLI's <c>pull --full --account</c>); null for every enabled account.</param>
    public async Task<IReadOnlyList<FullPullTarget>> PlanAsync(string? onlyAccount, CancellationToken cancellationToken)
    {
        var targets = new List<FullPullTarget>();
        await foreach (var account in accounts.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (account.Enabled && (onlyAccount is null || account.AccountId == onlyAccount))
            {
                targets.AddRange(account.PropertyIds.Distinct().Order().Select(p => new FullPullTarget(account.AccountId, p)));
            }
        }

        return targets;
    }
}

/// <summary>One property to reconcile (small, serialisable: the input of a fan-out activity).</summary>
public sealed record FullPullTarget(string AccountId, long Beds24PropertyId);
