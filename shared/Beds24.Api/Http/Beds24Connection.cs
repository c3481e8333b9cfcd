using Beds24.Api.Credits;
using Beds24.Api.Diagnostics;
using Beds24.Api.Errors;
using Beds24.Api.Http.Steps;
using Beds24.Api.Models;
using Microsoft.Extensions.Logging;

namespace Beds24.Api.Http;

/// <summary>
/// Sends one logical Beds24 call through its steps, outermost first: <see cref="RateLimitStep"/> (wait out 429s),
/// <see cref="CreditWaitStep"/> (wait for the account's budget), <see cref="TokenStep"/> (the access token; a
/// refused one is refreshed once), <see cref="CreditRecordStep"/> (what each attempt cost) and
/// <see cref="ResilientTransport"/> (Polly: retry → circuit breaker → per-attempt timeout); then maps a failed
/// answer to a typed exception. Shared by every account's client.
/// </summary>
/// <remarks>
/// A request that is not safe to resend (a POST /bookings holding a create: Beds24 has no idempotency key) is never
/// retried after it was sent: a 5xx, an attempt timeout or a dropped connection may follow a write Beds24 applied,
/// so it fails with <see cref="Beds24WriteOutcomeUnknownException"/> and the caller finds what Beds24 holds before
/// writing again. Answers that prove nothing was applied (401, 429, an open circuit) are still waited out or resent.
/// Modifications and calendar writes send full values, so applying one twice changes nothing: they are retried.
/// </remarks>
internal sealed class Beds24Connection
{
    private readonly ILogger _logger;
    private readonly Beds24ApiMetrics _metrics;
    private readonly CreditLedger _credits;
    private readonly Func<Beds24Call, ValueTask<Beds24Answer>> _send;

    public Beds24Connection(HttpClient http, Beds24ClientOptions options, ICreditBudgetStore credits, TimeProvider time, ILogger logger, Beds24ApiMetrics metrics)
    {
        _logger = logger;
        _metrics = metrics;
        _credits = new CreditLedger(credits, options, time, metrics, logger);
        var transport = new ResilientTransport(http, options, time, metrics, logger);
        // The credit wait comes before the token: fetching a token spends credits too, and a background call must not
        // hold the account's token fetch while it waits for the window.
        _send = Chain([new RateLimitStep(options, time, metrics, logger), new CreditWaitStep(_credits), new TokenStep(metrics, logger), new CreditRecordStep(_credits)], transport.SendAsync);
    }

    /// <summary>What Beds24 last reported to this process about the account's credits (no store round trip).</summary>
    public Beds24CreditState? LastCreditState(string accountId) => _credits.LastCreditState(accountId);

    /// <param name="accountId">Whose credit budget the call spends; null for calls made before an account exists (invite code).</param>
    /// <param name="tokens">Supplies the access token, and forgets a refused one; null for the authentication calls.</param>
    /// <param name="resendable">False for writes that must not be applied twice (creates): no transport retry, and a lost answer is reported as unknown outcome.</param>
    public async Task<Beds24Response> SendAsync(string? accountId, HttpMethod method, string relativeUrl, Func<HttpContent?>? content,
        IReadOnlyDictionary<string, string>? headers, ITokenSupplier? tokens, CancellationToken cancellationToken, bool resendable = true)
    {
        var call = new Beds24Call
        {
            AccountId = accountId,
            Method = method,
            RelativeUrl = relativeUrl,
            Content = content,
            Headers = headers,
            Tokens = tokens,
            Resendable = resendable,
            CancellationToken = cancellationToken,
        };
        var answer = await _send(call).ConfigureAwait(false);
        var cost = CreditHeaders.ReadCost(answer.Headers);
        if (!resendable && (int)answer.Status >= 500)
        {
            _metrics.RecordRequest(call.Endpoint, "outcome-unknown", answer.Elapsed.TotalMilliseconds);
            Beds24ApiLog.RequestFailed(_logger, call.Request, "outcome-unknown", $"HTTP {(int)answer.Status}");
            throw new Beds24WriteOutcomeUnknownException(
                $"Beds24 answered {call.Request} with HTTP {(int)answer.Status}; the write may have been applied, so it was not resent. Find what Beds24 holds before writing again.",
                answer.Status, call.Request);
        }

        if (!answer.IsSuccessStatusCode || ErrorMapper.BodySaysFailure(answer.Body))
        {
            var error = ErrorMapper.Map(answer.Status, answer.Body, call.Request, cost);
            _metrics.RecordRequest(call.Endpoint, OutcomeName(error), answer.Elapsed.TotalMilliseconds);
            Beds24ApiLog.RequestFailed(_logger, call.Request, OutcomeName(error), error.Message);
            throw error;
        }

        _metrics.RecordRequest(call.Endpoint, "success", answer.Elapsed.TotalMilliseconds);
        return new Beds24Response(answer.Status, answer.Body, cost, call.Request);
    }

    /// <summary>The steps wrapped around the transport, first step outermost.</summary>
    private static Func<Beds24Call, ValueTask<Beds24Answer>> Chain(IReadOnlyList<Beds24CallStep> steps, Func<Beds24Call, ValueTask<Beds24Answer>> last)
    {
        var next = last;
        for (var i = steps.Count - 1; i >= 0; i--)
        {
            var step = steps[i];
            var inner = next;
            next = call => step.SendAsync(call, inner);
        }

        return next;
    }

    private static string OutcomeName(Beds24ApiException error) => error switch
    {
        Beds24AuthenticationException => "auth-error",
        Beds24ValidationException => "validation-error",
        Beds24RateLimitException => "rate-limit",
        _ when error.Status is { } status && (int)status >= 500 => "server-error",
        _ => "error",
    };
}

/// <summary>Gives the connection an account's access token and takes back one Beds24 refused.</summary>
internal interface ITokenSupplier
{
    ValueTask<string> GetTokenAsync(CancellationToken cancellationToken);

    void Invalidate(string token);
}
