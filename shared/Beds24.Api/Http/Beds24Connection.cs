using System.Collections.Concurrent;
using System.Net;
using Beds24.Api.Credits;
using Beds24.Api.Diagnostics;
using Beds24.Api.Errors;
using Beds24.Api.Models;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Beds24.Api.Http;

/// <summary>
/// Sends one logical Beds24 call: waits for the account's credit budget, retries transient faults with jitter
/// (Polly: retry → circuit breaker → per-attempt timeout), waits out 429/limit answers, refreshes a refused token
/// once, records credits, and maps failures to typed exceptions. Shared by every account's client.
/// </summary>
/// <remarks>
/// A request that is not safe to resend (a POST /bookings holding a create: Beds24 has no idempotency key) is never
/// retried after it was sent: a 5xx, an attempt timeout or a dropped connection may follow a write Beds24 applied,
/// so it fails with <see cref="Beds24WriteOutcomeUnknownException"/> and the caller finds what Beds24 holds before
/// writing again. Answers that prove nothing was applied (401, 429, an open circuit) are still waited out or resent.
/// Modifications and calendar writes send full values, so applying one twice changes nothing: they are retried.
/// The circuit breaker is shared by every account: an outage is Beds24's.
/// </remarks>
internal sealed class Beds24Connection
{
    private readonly HttpClient _http;
    private readonly Beds24ClientOptions _options;
    private readonly ICreditBudgetStore _credits;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Beds24ApiMetrics _metrics;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly ConcurrentDictionary<string, Beds24CreditState> _lastCredits = new(StringComparer.Ordinal);

    public Beds24Connection(HttpClient http, Beds24ClientOptions options, ICreditBudgetStore credits, TimeProvider time, ILogger logger, Beds24ApiMetrics metrics)
    {
        _http = http;
        _options = options;
        _credits = credits;
        _time = time;
        _logger = logger;
        _metrics = metrics;
        _pipeline = BuildPipeline();
    }

    public TimeProvider Time => _time;

    public Beds24ClientOptions Options => _options;

    public ILogger Logger => _logger;

    /// <summary>What Beds24 last reported to this process about the account's credits (no store round trip).</summary>
    public Beds24CreditState? LastCreditState(string accountId) => _lastCredits.TryGetValue(accountId, out var state) ? state : null;

    /// <param name="accountId">Whose credit budget the call spends; null for calls made before an account exists (invite code).</param>
    /// <param name="tokens">Supplies the access token, and forgets a refused one; null for the authentication calls.</param>
    /// <param name="resendable">False for writes that must not be applied twice (creates): no transport retry, and a lost answer is reported as unknown outcome.</param>
    public async Task<Beds24Response> SendAsync(string? accountId, HttpMethod method, string relativeUrl, Func<HttpContent?>? content,
        IReadOnlyDictionary<string, string>? headers, ITokenSupplier? tokens, CancellationToken cancellationToken, bool resendable = true)
    {
        var request = RequestDescription.Describe(method, relativeUrl);
        var endpoint = RequestDescription.Endpoint(relativeUrl);
        var refreshedToken = false;
        var waited = TimeSpan.Zero;

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (accountId is not null)
            {
                waited += await WaitForCreditsAsync(accountId, request, waited, cancellationToken).ConfigureAwait(false);
            }

            var token = tokens is null ? null : await tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
            var started = _time.GetTimestamp();
            HttpResponseMessage sent;
            try
            {
                sent = await SendWithResilienceAsync(method, relativeUrl, content, headers, token, request, endpoint, resendable, cancellationToken).ConfigureAwait(false);
            }
            catch (Beds24NetworkException ex)
            {
                _metrics.RecordRequest(endpoint, "network-error", _time.GetElapsedTime(started).TotalMilliseconds);
                Beds24ApiLog.RequestFailed(_logger, request, "network", ex.Message);
                throw;
            }
            catch (Beds24WriteOutcomeUnknownException ex)
            {
                _metrics.RecordRequest(endpoint, "outcome-unknown", _time.GetElapsedTime(started).TotalMilliseconds);
                Beds24ApiLog.RequestFailed(_logger, request, "outcome-unknown", ex.Message);
                throw;
            }

            using var response = sent;
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var elapsed = _time.GetElapsedTime(started);
            var cost = CreditHeaders.ReadCost(response.Headers);
            var state = CreditHeaders.Read(response.Headers, _time.GetUtcNow());
            if (accountId is not null)
            {
                if (state is not null)
                {
                    _lastCredits[accountId] = state;
                    await SaveCreditsAsync(accountId, state, cancellationToken).ConfigureAwait(false);
                }

                _metrics.RecordCredits(accountId, cost, state?.Remaining);
            }

            Beds24ApiLog.RequestCompleted(_logger, request, (int)response.StatusCode, (long)elapsed.TotalMilliseconds, cost, state?.Remaining);

            if (response.StatusCode == HttpStatusCode.Unauthorized && tokens is not null && token is not null && !refreshedToken)
            {
                _metrics.RecordRequest(endpoint, "token-refused", elapsed.TotalMilliseconds);
                Beds24ApiLog.TokenRejected(_logger, accountId ?? "-", request);
                tokens.Invalidate(token);
                refreshedToken = true;
                continue;
            }

            if (ErrorMapper.IsRateLimited(response.StatusCode, body))
            {
                _metrics.RecordRequest(endpoint, "rate-limited", elapsed.TotalMilliseconds);
                // Without a resets-in header, wait a minute and ask again (bounded by MaxCreditWait overall).
                var wait = (CreditHeaders.ReadResetsIn(response.Headers) ?? DefaultRateLimitWait) + Jitter();
                if (waited + wait > _options.MaxCreditWait)
                {
                    Beds24ApiLog.RequestFailed(_logger, request, "rate-limit", $"resets in {wait}");
                    throw new Beds24RateLimitException(
                        $"Beds24's credit limit for account {accountId ?? "-"} is spent and does not reset within Beds24:MaxCreditWait ({_options.MaxCreditWait}); try again after {wait}, or spend fewer credits (batch writes, coalesce calendar updates).",
                        wait, request, cost);
                }

                Beds24ApiLog.RateLimited(_logger, accountId ?? "-", request, wait);
                waited += wait;
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (!resendable && (int)response.StatusCode >= 500)
            {
                _metrics.RecordRequest(endpoint, "outcome-unknown", elapsed.TotalMilliseconds);
                Beds24ApiLog.RequestFailed(_logger, request, "outcome-unknown", $"HTTP {(int)response.StatusCode}");
                throw new Beds24WriteOutcomeUnknownException(
                    $"Beds24 answered {request} with HTTP {(int)response.StatusCode}; the write may have been applied, so it was not resent. Find what Beds24 holds before writing again.",
                    response.StatusCode, request);
            }

            if (!response.IsSuccessStatusCode || ErrorMapper.BodySaysFailure(body))
            {
                var error = ErrorMapper.Map(response.StatusCode, body, request, cost);
                _metrics.RecordRequest(endpoint, OutcomeName(error), elapsed.TotalMilliseconds);
                Beds24ApiLog.RequestFailed(_logger, request, OutcomeName(error), error.Message);
                throw error;
            }

            _metrics.RecordRequest(endpoint, "success", elapsed.TotalMilliseconds);
            return new Beds24Response(response.StatusCode, body, cost, request);
        }
    }

    /// <summary>
    /// Wait (rather than fail) while the account's budget, shared by every instance through the store, is down to the
    /// reserve and the window has not reset. Returns how long it waited.
    /// </summary>
    private async Task<TimeSpan> WaitForCreditsAsync(string accountId, string request, TimeSpan alreadyWaited, CancellationToken cancellationToken)
    {
        var state = await ReadCreditsAsync(accountId, cancellationToken).ConfigureAwait(false);
        // Background reads stop earlier than pushes: what they leave is the pushes' share of the window.
        var reserve = Beds24CallPriority.IsBackground ? Math.Max(_options.BackgroundCreditReserve, _options.CreditReserve) : _options.CreditReserve;
        if (state is null || state.Remaining > reserve)
        {
            return TimeSpan.Zero;
        }

        var untilReset = state.ResetsAt - _time.GetUtcNow();
        if (untilReset <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var wait = untilReset + Jitter();
        if (alreadyWaited + wait > _options.MaxCreditWait)
        {
            Beds24ApiLog.RequestFailed(_logger, request, "rate-limit", $"budget spent, resets in {untilReset}");
            throw new Beds24RateLimitException(
                $"Beds24's credit budget for account {accountId} is spent ({state.Remaining} left, reserve {reserve}) and resets in {untilReset}, beyond Beds24:MaxCreditWait ({_options.MaxCreditWait}); try again after {wait}.",
                wait, request);
        }

        Beds24ApiLog.WaitingForCredits(_logger, accountId, state.Remaining, wait);
        _metrics.RecordCreditWait(accountId, wait);
        await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        return wait;
    }

    // The shared budget is advice, not the call itself: a store outage must neither fail a call nor make a write
    // that Beds24 already applied look failed. Without the store, this process's own last observation is used.
    private async ValueTask<Beds24CreditState?> ReadCreditsAsync(string accountId, CancellationToken cancellationToken)
    {
        try
        {
            var shared = await _credits.GetAsync(accountId, cancellationToken).ConfigureAwait(false);
            var own = LastCreditState(accountId);
            return shared is null || (own is not null && own.ObservedAt > shared.ObservedAt) ? own : shared;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Beds24ApiLog.CreditStoreFailed(_logger, accountId, ex.GetType().Name);
            return LastCreditState(accountId);
        }
    }

    private async ValueTask SaveCreditsAsync(string accountId, Beds24CreditState state, CancellationToken cancellationToken)
    {
        try
        {
            await _credits.SaveAsync(accountId, state, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Beds24ApiLog.CreditStoreFailed(_logger, accountId, ex.GetType().Name);
        }
    }

    private static string OutcomeName(Beds24ApiException error) => error switch
    {
        Beds24AuthenticationException => "auth-error",
        Beds24ValidationException => "validation-error",
        Beds24RateLimitException => "rate-limit",
        _ when error.Status is { } status && (int)status >= 500 => "server-error",
        _ => "error",
    };

    private async Task<HttpResponseMessage> SendWithResilienceAsync(HttpMethod method, string relativeUrl, Func<HttpContent?>? content,
        IReadOnlyDictionary<string, string>? headers, string? token, string request, string endpoint, bool resendable, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(EndpointKey, endpoint);
        context.Properties.Set(RequestKey, request);
        context.Properties.Set(ResendableKey, resendable);
        try
        {
            var outcome = await _pipeline.ExecuteOutcomeAsync(
                static async (ctx, state) =>
                {
                    try
                    {
                        using var message = state.Self.BuildRequest(state.Method, state.RelativeUrl, state.Content, state.Headers, state.Token);
                        var response = await state.Self._http.SendAsync(message, HttpCompletionOption.ResponseContentRead, ctx.CancellationToken).ConfigureAwait(false);
                        return Outcome.FromResult(response);
                    }
                    catch (Exception ex)
                    {
                        return Outcome.FromException<HttpResponseMessage>(ex);
                    }
                },
                context,
                (Self: this, Method: method, RelativeUrl: relativeUrl, Content: content, Headers: headers, Token: token)).ConfigureAwait(false);

            if (outcome.Exception is { } exception)
            {
                if (!resendable && exception is not BrokenCircuitException && !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
                    && MapTransportException(exception, request, cancellationToken) is Beds24NetworkException lost)
                {
                    throw new Beds24WriteOutcomeUnknownException(
                        $"{lost.Message} The write may have been applied, so it was not resent; find what Beds24 holds before writing again.", null, request, exception);
                }

                throw MapTransportException(exception, request, cancellationToken);
            }

            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Exception MapTransportException(Exception exception, string request, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => exception,
        BrokenCircuitException => new Beds24NetworkException(
            $"Beds24 is failing repeatedly, so calls are paused for {_options.BreakerBreakDuration} (circuit open); {request} was not sent.", request, exception),
        TimeoutRejectedException or OperationCanceledException => new Beds24NetworkException(
            $"Beds24 did not answer {request} within Beds24:AttemptTimeout ({_options.AttemptTimeout}), after {_options.MaxRetries} retries; Beds24 may be slow or down, try again later.", request, exception),
        HttpRequestException or IOException => new Beds24NetworkException(
            $"Could not reach Beds24 for {request} (after {_options.MaxRetries} retries): {SensitiveText.Scrub(exception.Message)}. Check the network and Beds24:BaseAddress.", request, exception),
        _ => exception,
    };

    private HttpRequestMessage BuildRequest(HttpMethod method, string relativeUrl, Func<HttpContent?>? content, IReadOnlyDictionary<string, string>? headers, string? token)
    {
        var message = new HttpRequestMessage(method, new Uri(_options.BaseAddress, relativeUrl)) { Content = content?.Invoke() };
        if (token is not null)
        {
            message.Headers.TryAddWithoutValidation("token", token);
        }

        if (!string.IsNullOrEmpty(_options.Organization))
        {
            message.Headers.TryAddWithoutValidation("organization", _options.Organization);
        }

        foreach (var (name, value) in headers ?? EmptyHeaders)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return message;
    }

    private ResiliencePipeline<HttpResponseMessage> BuildPipeline()
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _time };
        if (_options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                // A write that is not safe to resend is sent once: its outcome is the caller's to find out.
                ShouldHandle = args => ValueTask.FromResult(args.Context.Properties.GetValue(ResendableKey, true) && IsTransient(args.Outcome, args.Context.CancellationToken)),
                MaxRetryAttempts = _options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.RetryBaseDelay,
                OnRetry = args =>
                {
                    var outcome = args.Outcome.Exception?.GetType().Name ?? $"HTTP {(int)args.Outcome.Result!.StatusCode}";
                    args.Outcome.Result?.Dispose();
                    var request = args.Context.Properties.GetValue(RequestKey, "-");
                    _metrics.RecordRetry(args.Context.Properties.GetValue(EndpointKey, "-"));
                    Beds24ApiLog.Retrying(_logger, request, args.AttemptNumber + 1, outcome, args.RetryDelay);
                    return default;
                },
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome, args.Context.CancellationToken)),
            FailureRatio = _options.BreakerFailureRatio,
            MinimumThroughput = _options.BreakerMinimumThroughput,
            SamplingDuration = _options.BreakerSamplingDuration,
            BreakDuration = _options.BreakerBreakDuration,
            OnOpened = args =>
            {
                Beds24ApiLog.CircuitOpened(_logger, args.BreakDuration);
                return default;
            },
        });
        builder.AddTimeout(_options.AttemptTimeout);
        return builder.Build();
    }

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome, CancellationToken callerToken) => outcome.Exception switch
    {
        null => (int)outcome.Result!.StatusCode >= 500,
        OperationCanceledException when callerToken.IsCancellationRequested => false,
        HttpRequestException or IOException or TimeoutRejectedException or OperationCanceledException => true,
        _ => false,
    };

    private TimeSpan Jitter() => TimeSpan.FromMilliseconds(Random.Shared.Next(50, 1000));

    private static readonly ResiliencePropertyKey<string> EndpointKey = new("beds24.endpoint");
    private static readonly ResiliencePropertyKey<string> RequestKey = new("beds24.request");
    private static readonly ResiliencePropertyKey<bool> ResendableKey = new("beds24.resendable");
    private static readonly Dictionary<string, string> EmptyHeaders = [];
    private static readonly TimeSpan DefaultRateLimitWait = TimeSpan.FromMinutes(1);
}

/// <summary>Gives the connection an account's access token and takes back one Beds24 refused.</summary>
internal interface ITokenSupplier
{
    ValueTask<string> GetTokenAsync(CancellationToken cancellationToken);

    void Invalidate(string token);
}
