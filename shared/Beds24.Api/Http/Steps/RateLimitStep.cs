using Beds24.Api.Credits;
using Beds24.Api.Diagnostics;
using Beds24.Api.Errors;
using Microsoft.Extensions.Logging;

namespace Beds24.Api.Http.Steps;

/// <summary>
/// Waits out Beds24's "credit limit reached" answers (429, or a limit message in the body) until the window resets
/// and sends again, within Beds24:MaxCreditWait in total; beyond it, fails with <see cref="Beds24RateLimitException"/>.
/// </summary>
internal sealed class RateLimitStep(Beds24ClientOptions options, TimeProvider time, Beds24ApiMetrics metrics, ILogger logger) : Beds24CallStep
{
    /// <summary>Without a resets-in header, wait a minute and ask again.</summary>
    private static readonly TimeSpan DefaultWait = TimeSpan.FromMinutes(1);

    public override async ValueTask<Beds24Answer> SendAsync(Beds24Call call, Func<Beds24Call, ValueTask<Beds24Answer>> next)
    {
        while (true)
        {
            var answer = await next(call).ConfigureAwait(false);
            if (!ErrorMapper.IsRateLimited(answer.Status, answer.Body))
            {
                return answer;
            }

            metrics.RecordRequest(call.Endpoint, "rate-limited", answer.Elapsed.TotalMilliseconds);
            var wait = (CreditHeaders.ReadResetsIn(answer.Headers) ?? DefaultWait) + CreditLedger.Jitter();
            if (call.Waited + wait > options.MaxCreditWait)
            {
                Beds24ApiLog.RequestFailed(logger, call.Request, "rate-limit", $"resets in {wait}");
                throw new Beds24RateLimitException(
                    $"Beds24's credit limit for account {call.AccountId ?? "-"} is spent and does not reset within Beds24:MaxCreditWait ({options.MaxCreditWait}); try again after {wait}, or spend fewer credits (batch writes, coalesce calendar updates).",
                    wait, call.Request, CreditHeaders.ReadCost(answer.Headers));
            }

            Beds24ApiLog.RateLimited(logger, call.AccountId ?? "-", call.Request, wait);
            call.Waited += wait;
            await Task.Delay(wait, time, call.CancellationToken).ConfigureAwait(false);
        }
    }
}
