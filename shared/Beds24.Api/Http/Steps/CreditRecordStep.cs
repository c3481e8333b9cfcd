using Beds24.Api.Credits;

namespace Beds24.Api.Http.Steps;

/// <summary>After every attempt (a refused token's too): record what Beds24 says it cost and what is left.</summary>
internal sealed class CreditRecordStep(CreditLedger ledger) : Beds24CallStep
{
    public override async ValueTask<Beds24Answer> SendAsync(Beds24Call call, Func<Beds24Call, ValueTask<Beds24Answer>> next)
    {
        var answer = await next(call).ConfigureAwait(false);
        if (call.AccountId is { } accountId)
        {
            await ledger.RecordAsync(accountId, answer, call.CancellationToken).ConfigureAwait(false);
        }

        return answer;
    }
}
