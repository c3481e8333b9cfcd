using Beds24.Api.Credits;
using Beds24.Api.Diagnostics;
using Beds24.Api.Errors;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Beds24.Api.Http.Steps;

/// <summary>
/// The last step: puts one attempt on the wire through the Polly pipeline (retry with jitter → circuit breaker →
/// per-attempt timeout, configured by <see cref="Beds24ClientOptions.Retry"/> and
/// <see cref="Beds24ClientOptions.CircuitBreaker"/>), reads the answer, and turns transport failures into typed
/// exceptions. A call that is not resendable is sent once: a failure after sending is an unknown outcome.
/// </summary>
/// <remarks>The circuit breaker is shared by every account: an outage is Beds24's.</remarks>
internal sealed class ResilientTransport
{
    private static readonly ResiliencePropertyKey<string> EndpointKey = new("beds24.endpoint");
    private static readonly ResiliencePropertyKey<string> RequestKey = new("beds24.request");
    private static readonly ResiliencePropertyKey<bool> ResendableKey = new("beds24.resendable");
    private static readonly Dictionary<string, string> EmptyHeaders = [];

    private readonly HttpClient _http;
    private readonly Beds24ClientOptions _options;
    private readonly TimeProvider _time;
    private readonly Beds24ApiMetrics _metrics;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public ResilientTransport(HttpClient http, Beds24ClientOptions options, TimeProvider time, Beds24ApiMetrics metrics, ILogger logger)
    {
        _http = http;
        _options = options;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _pipeline = BuildPipeline();
    }

    public async ValueTask<Beds24Answer> SendAsync(Beds24Call call)
    {
        call.CancellationToken.ThrowIfCancellationRequested();
        var started = _time.GetTimestamp();
        HttpResponseMessage sent;
        try
        {
            sent = await SendWithResilienceAsync(call).ConfigureAwait(false);
        }
        catch (Beds24NetworkException ex)
        {
            _metrics.RecordRequest(call.Endpoint, "network-error", _time.GetElapsedTime(started).TotalMilliseconds);
            Beds24ApiLog.RequestFailed(_logger, call.Request, "network", ex.Message);
            throw;
        }
        catch (Beds24WriteOutcomeUnknownException ex)
        {
            _metrics.RecordRequest(call.Endpoint, "outcome-unknown", _time.GetElapsedTime(started).TotalMilliseconds);
            Beds24ApiLog.RequestFailed(_logger, call.Request, "outcome-unknown", ex.Message);
            throw;
        }

        using var response = sent;
        var body = await response.Content.ReadAsStringAsync(call.CancellationToken).ConfigureAwait(false);
        var answer = new Beds24Answer(response.StatusCode, body, response.Headers, _time.GetElapsedTime(started));
        Beds24ApiLog.RequestCompleted(_logger, call.Request, (int)answer.Status, (long)answer.Elapsed.TotalMilliseconds,
            CreditHeaders.ReadCost(answer.Headers), CreditHeaders.Read(answer.Headers, _time.GetUtcNow())?.Remaining);
        return answer;
    }

    private async Task<HttpResponseMessage> SendWithResilienceAsync(Beds24Call call)
    {
        var cancellationToken = call.CancellationToken;
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(EndpointKey, call.Endpoint);
        context.Properties.Set(RequestKey, call.Request);
        context.Properties.Set(ResendableKey, call.Resendable);
        try
        {
            var outcome = await _pipeline.ExecuteOutcomeAsync(
                static async (ctx, state) =>
                {
                    try
                    {
                        using var message = state.Self.BuildRequest(state.Call);
                        var response = await state.Self._http.SendAsync(message, HttpCompletionOption.ResponseContentRead, ctx.CancellationToken).ConfigureAwait(false);
                        return Outcome.FromResult(response);
                    }
                    catch (Exception ex)
                    {
                        return Outcome.FromException<HttpResponseMessage>(ex);
                    }
                },
                context,
                (Self: this, Call: call)).ConfigureAwait(false);

            if (outcome.Exception is { } exception)
            {
                if (!call.Resendable && exception is not BrokenCircuitException && !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
                    && MapTransportException(exception, call.Request, cancellationToken) is Beds24NetworkException lost)
                {
                    throw new Beds24WriteOutcomeUnknownException(
                        $"{lost.Message} The write may have been applied, so it was not resent; find what Beds24 holds before writing again.", null, call.Request, exception);
                }

                throw MapTransportException(exception, call.Request, cancellationToken);
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
            $"Beds24 is failing repeatedly, so calls are paused for {_options.CircuitBreaker.BreakDuration} (circuit open); {request} was not sent.", request, exception),
        TimeoutRejectedException or OperationCanceledException => new Beds24NetworkException(
            $"Beds24 did not answer {request} within Beds24:AttemptTimeout ({_options.AttemptTimeout}), after {_options.Retry.MaxRetries} retries; Beds24 may be slow or down, try again later.", request, exception),
        HttpRequestException or IOException => new Beds24NetworkException(
            $"Could not reach Beds24 for {request} (after {_options.Retry.MaxRetries} retries): {SensitiveText.Scrub(exception.Message)}. Check the network and Beds24:BaseAddress.", request, exception),
        _ => exception,
    };

    private HttpRequestMessage BuildRequest(Beds24Call call)
    {
        var message = new HttpRequestMessage(call.Method, new Uri(_options.BaseAddress, call.RelativeUrl)) { Content = call.Content?.Invoke() };
        if (call.Token is not null)
        {
            message.Headers.TryAddWithoutValidation("token", call.Token);
        }

        if (!string.IsNullOrEmpty(_options.Organization))
        {
            message.Headers.TryAddWithoutValidation("organization", _options.Organization);
        }

        foreach (var (name, value) in call.Headers ?? EmptyHeaders)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return message;
    }

    private ResiliencePipeline<HttpResponseMessage> BuildPipeline()
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _time };
        var retry = _options.Retry;
        if (retry.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                // A write that is not safe to resend is sent once: its outcome is the caller's to find out.
                ShouldHandle = args => ValueTask.FromResult(args.Context.Properties.GetValue(ResendableKey, true) && IsTransient(args.Outcome, args.Context.CancellationToken)),
                MaxRetryAttempts = retry.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = retry.BaseDelay,
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

        var breaker = _options.CircuitBreaker;
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome, args.Context.CancellationToken)),
            FailureRatio = breaker.FailureRatio,
            MinimumThroughput = breaker.MinimumThroughput,
            SamplingDuration = breaker.SamplingDuration,
            BreakDuration = breaker.BreakDuration,
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
}
