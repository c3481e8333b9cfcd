using System.Collections.Concurrent;
using Beds24.Api.Diagnostics;
using Beds24.Api.Errors;
using Beds24.Api.Http.Steps;
using Beds24.Api.Models;
using Microsoft.Extensions.Logging;

namespace Beds24.Api.Credits;

/// <summary>
/// Each account's credit budget as this process knows it: what Beds24 last reported here, and the budget shared by
/// every instance (<see cref="ICreditBudgetStore"/>).
/// </summary>
internal sealed class CreditLedger(ICreditBudgetStore credits, Beds24ClientOptions options, TimeProvider time, Beds24ApiMetrics metrics, ILogger logger)
{
    private readonly ConcurrentDictionary<string, Beds24CreditState> _lastCredits = new(StringComparer.Ordinal);

    /// <summary>What Beds24 last reported to this process about the account's credits (no store round trip).</summary>
    public Beds24CreditState? LastCreditState(string accountId) => _lastCredits.TryGetValue(accountId, out var state) ? state : null;

    /// <summary>Spreads waiters over a second, so instances that waited for the same reset do not all send at once.</summary>
    public static TimeSpan Jitter() => TimeSpan.FromMilliseconds(Random.Shared.Next(50, 1000));

    public async ValueTask RecordAsync(string accountId, Beds24Answer answer, CancellationToken cancellationToken)
    {
        var cost = CreditHeaders.ReadCost(answer.Headers);
        var state = CreditHeaders.Read(answer.Headers, time.GetUtcNow());
        if (state is not null)
        {
            _lastCredits[accountId] = state;
            await SaveCreditsAsync(accountId, state, cancellationToken).ConfigureAwait(false);
        }

        metrics.RecordCredits(accountId, cost, state?.Remaining);
    }

    public async Task<TimeSpan> WaitForCreditsAsync(string accountId, Beds24Call call, CancellationToken cancellationToken)
    {
        var state = await ReadCreditsAsync(accountId, cancellationToken).ConfigureAwait(false);
        // Reads stop before booking pushes, booking pushes before availability: what each leaves is the next share's.
        var reserve = options.ReserveFor(Beds24CallPriority.Current);
        if (state is null || state.Remaining > reserve)
        {
            return TimeSpan.Zero;
        }

        var untilReset = state.ResetsAt - time.GetUtcNow();
        if (untilReset <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var wait = untilReset + Jitter();
        if (call.Waited + wait > options.MaxCreditWait)
        {
            Beds24ApiLog.RequestFailed(logger, call.Request, "rate-limit", $"budget spent, resets in {untilReset}");
            throw new Beds24RateLimitException(
                $"Beds24's credit budget for account {accountId} is spent ({state.Remaining} left, reserve {reserve}) and resets in {untilReset}, beyond Beds24:MaxCreditWait ({options.MaxCreditWait}); try again after {wait}.",
                wait, call.Request);
        }

        Beds24ApiLog.WaitingForCredits(logger, accountId, state.Remaining, wait);
        metrics.RecordCreditWait(accountId, wait);
        await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        return wait;
    }

    // The shared budget is advice, not the call itself: a store outage must neither fail a call nor make a write
    // that Beds24 already applied look failed. Without the store, this process's own last observation is used.
    private async ValueTask<Beds24CreditState?> ReadCreditsAsync(string accountId, CancellationToken cancellationToken)
    {
        try
        {
            var shared = await credits.GetAsync(accountId, cancellationToken).ConfigureAwait(false);
            var own = LastCreditState(accountId);
            return shared is null || (own is not null && own.ObservedAt > shared.ObservedAt) ? own : shared;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Beds24ApiLog.CreditStoreFailed(logger, accountId, ex.GetType().Name);
            return LastCreditState(accountId);
        }
    }

    private async ValueTask SaveCreditsAsync(string accountId, Beds24CreditState state, CancellationToken cancellationToken)
    {
        try
        {
            await credits.SaveAsync(accountId, state, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Beds24ApiLog.CreditStoreFailed(logger, accountId, ex.GetType().Name);
        }
    }
}
