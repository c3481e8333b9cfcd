using System.Net;
using Beds24.Api.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Beds24.Api.Http.Steps;

/// <summary>Adds the account's access token; when Beds24 refuses it (401), forgets it and sends once more with a fresh one.</summary>
internal sealed class TokenStep(Beds24ApiMetrics metrics, ILogger logger) : Beds24CallStep
{
    public override async ValueTask<Beds24Answer> SendAsync(Beds24Call call, Func<Beds24Call, ValueTask<Beds24Answer>> next)
    {
        if (call.Tokens is null)
        {
            return await next(call).ConfigureAwait(false);
        }

        for (var refreshed = false; ; refreshed = true)
        {
            call.Token = await call.Tokens.GetTokenAsync(call.CancellationToken).ConfigureAwait(false);
            var answer = await next(call).ConfigureAwait(false);
            if (answer.Status != HttpStatusCode.Unauthorized || refreshed)
            {
                return answer;
            }

            metrics.RecordRequest(call.Endpoint, "token-refused", answer.Elapsed.TotalMilliseconds);
            Beds24ApiLog.TokenRejected(logger, call.AccountId ?? "-", call.Request);
            call.Tokens.Invalidate(call.Token);
        }
    }
}
