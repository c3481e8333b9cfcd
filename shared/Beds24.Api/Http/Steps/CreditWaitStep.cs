using Beds24.Api.Credits;

namespace Beds24.Api.Http.Steps;

/// <summary>
/// Before a call (and before its token is fetched, which spends credits too): wait, rather than fail, while the
/// account's budget is down to the reserve and the window has not reset.
/// </summary>
internal sealed class CreditWaitStep(CreditLedger ledger) : Beds24CallStep
{
    public override async ValueTask<Beds24Answer> SendAsync(Beds24Call call, Func<Beds24Call, ValueTask<Beds24Answer>> next)
    {
        if (call.AccountId is { } accountId)
        {
            call.Waited += await ledger.WaitForCreditsAsync(accountId, call, call.CancellationToken).ConfigureAwait(false);
        }

        return await next(call).ConfigureAwait(false);
    }
}
