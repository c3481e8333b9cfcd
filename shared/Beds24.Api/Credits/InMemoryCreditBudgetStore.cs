using System.Collections.Concurrent;
using Beds24.Api.Models;

namespace Beds24.Api.Credits;

/// <summary>One process's view of each account's credit budget. Use a shared store when several instances run.</summary>
public sealed class InMemoryCreditBudgetStore : ICreditBudgetStore
{
    private readonly ConcurrentDictionary<string, Beds24CreditState> _states = new(StringComparer.Ordinal);

    public ValueTask<Beds24CreditState?> GetAsync(string accountId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_states.TryGetValue(accountId, out var state) ? state : null);

    public ValueTask SaveAsync(string accountId, Beds24CreditState state, CancellationToken cancellationToken)
    {
        _states.AddOrUpdate(accountId, state, (_, existing) => state.ObservedAt >= existing.ObservedAt ? state : existing);
        return ValueTask.CompletedTask;
    }
}
