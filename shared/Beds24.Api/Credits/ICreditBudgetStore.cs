using Beds24.Api.Models;

namespace Beds24.Api.Credits;

/// <summary>
/// Shares an account's credit budget across every instance of the app (Beds24 has one budget per account, not
/// per process). The in-memory store serves one process; Beds24Sync stores it in the <c>Beds24Accounts</c> table.
/// </summary>
public interface ICreditBudgetStore
{
    ValueTask<Beds24CreditState?> GetAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>Record what Beds24 last reported. Newer observations win; older ones are ignored.</summary>
    ValueTask SaveAsync(string accountId, Beds24CreditState state, CancellationToken cancellationToken);
}
