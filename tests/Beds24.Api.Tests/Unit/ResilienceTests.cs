using System.Net;
using Beds24.Api.Errors;
using Beds24.Api.Models;
using Beds24.Api.Tests.Unit.Fakes;
using Polly.CircuitBreaker;

namespace Beds24.Api.Tests.Unit;

public sealed class ResilienceTests
{
    private static readonly Uri Base = new("http://beds24.test/v2/");

    [Fact]
    public async Task Call_ServerErrorsThenSuccess_IsRetried()
    {
        var bookingCalls = 0;
        var handler = Answers.TokenThen(_ => Interlocked.Increment(ref bookingCalls) <= 2
            ? Answers.Error(HttpStatusCode.ServiceUnavailable, "busy")
            : Answers.EmptyBookings());
        using var harness = new ClientHarness(Base, "refresh-1", handler);

        var bookings = await harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync();

        Assert.Empty(bookings);
        Assert.Equal(3, bookingCalls);
    }

    [Fact]
    public async Task Call_DroppedConnectionThenSuccess_IsRetried()
    {
        var bookingCalls = 0;
        var handler = new ScriptedHandler((request, _) => Answers.IsTokenRequest(request) ? Answers.Token()
            : Interlocked.Increment(ref bookingCalls) == 1 ? throw new HttpRequestException("The response ended prematurely.", new IOException("reset"))
            : Answers.EmptyBookings());
        using var harness = new ClientHarness(Base, "refresh-1", handler);

        await harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync();

        Assert.Equal(2, bookingCalls);
    }

    [Fact]
    public async Task Call_AttemptTimesOutThenSucceeds_IsRetriedAfterTheAttemptTimeout()
    {
        var time = FakeTime.Create();
        var bookingCalls = 0;
        var handler = new ScriptedHandler(async (request, _, ct) =>
        {
            if (Answers.IsTokenRequest(request))
            {
                return Answers.Token();
            }

            if (Interlocked.Increment(ref bookingCalls) == 1)
            {
                await Task.Delay(Timeout.Infinite, ct); // hangs until the attempt timeout cancels it
            }

            return Answers.EmptyBookings();
        });
        using var harness = new ClientHarness(Base, "refresh-1", handler, time, o => o.AttemptTimeout = TimeSpan.FromSeconds(10));

        await time.RunAsync(harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync().AsTask(), TimeSpan.FromSeconds(1));

        Assert.Equal(2, bookingCalls);
        Assert.True(time.GetUtcNow() - FakeTime.Create().GetUtcNow() >= TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Call_EveryAttemptTimesOut_ThrowsNetworkErrorNamingTheTimeout()
    {
        var time = FakeTime.Create();
        var handler = new ScriptedHandler(async (request, _, ct) =>
        {
            if (!Answers.IsTokenRequest(request))
            {
                await Task.Delay(Timeout.Infinite, ct);
            }

            return Answers.Token();
        });
        using var harness = new ClientHarness(Base, "refresh-1", handler, time, o =>
        {
            o.AttemptTimeout = TimeSpan.FromSeconds(2);
            o.Retry.MaxRetries = 2;
        });

        var call = harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync().AsTask();
        var error = await Assert.ThrowsAsync<Beds24NetworkException>(() => time.RunAsync(call, TimeSpan.FromSeconds(1)));

        Assert.Equal(3, handler.CountOf("GET", "/bookings"));
        Assert.Contains("AttemptTimeout", error.Message, StringComparison.Ordinal);
        Assert.True(error.IsTransient);
        Assert.Null(error.Status);
    }

    [Fact]
    public async Task Call_ServerErrorOnEveryAttempt_ThrowsTransientApiErrorWithStatusAfterRetries()
    {
        var handler = Answers.TokenThen(_ => Answers.Error(HttpStatusCode.BadGateway, "upstream", ("x-request-cost", "0.2")));
        using var harness = new ClientHarness(Base, "refresh-1", handler, configure: o => o.Retry.MaxRetries = 2);

        var error = await Assert.ThrowsAsync<Beds24ApiException>(() => harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync().AsTask());

        Assert.Equal(3, handler.CountOf("GET", "/bookings"));
        Assert.Equal(HttpStatusCode.BadGateway, error.Status);
        Assert.Equal(0.2m, error.RequestCost);
        Assert.True(error.IsTransient);
        Assert.Equal("GET bookings", error.Request);
    }

    [Fact]
    public async Task WriteBookings_ModificationServerErrorThenSuccess_PostIsRetriedWithTheSameBody()
    {
        var posts = 0;
        var handler = Answers.TokenThen(_ => Interlocked.Increment(ref posts) == 1
            ? Answers.Error(HttpStatusCode.InternalServerError, "oops")
            : ScriptedHandler.Json(HttpStatusCode.Created, """[{"success":true,"modified":{"id":9}}]"""));
        using var harness = new ClientHarness(Base, "refresh-1", handler);

        var results = await harness.Client.WriteBookingsAsync([new Beds24Booking { Id = 9, NumAdult = 2 }]);

        Assert.Equal(9, Assert.Single(results).BookingId);
        var bodies = handler.Requests.Where(r => r.Is("POST", "/bookings")).Select(r => r.Body).ToList();
        Assert.Equal(2, bodies.Count);
        Assert.Equal(bodies[0], bodies[1]);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task WriteBookings_CreateAnsweredWithServerError_IsSentOnceAndReportedAsUnknownOutcome(HttpStatusCode status)
    {
        var handler = Answers.TokenThen(_ => Answers.Error(status, "gateway"));
        using var harness = new ClientHarness(Base, "refresh-1", handler);

        var error = await Assert.ThrowsAsync<Beds24WriteOutcomeUnknownException>(() => harness.Client.WriteBookingsAsync([new Beds24Booking { RoomId = 1 }]));

        Assert.Equal(1, handler.CountOf("POST", "/bookings"));
        Assert.True(error.IsTransient);
        Assert.Equal(status, error.Status);
    }

    [Fact]
    public async Task WriteBookings_CreateWhoseConnectionDrops_IsSentOnceAndReportedAsUnknownOutcome()
    {
        var handler = Answers.TokenThen(_ => throw new HttpRequestException("connection reset"));
        using var harness = new ClientHarness(Base, "refresh-1", handler);

        await Assert.ThrowsAsync<Beds24WriteOutcomeUnknownException>(() => harness.Client.WriteBookingsAsync([new Beds24Booking { RoomId = 1 }, new Beds24Booking { Id = 5, NumAdult = 2 }]));

        Assert.Equal(1, handler.CountOf("POST", "/bookings"));
    }

    [Fact]
    public async Task WriteBookings_CreateRateLimited_IsWaitedOutAndSentAgain()
    {
        var posts = 0;
        var handler = Answers.TokenThen(_ => Interlocked.Increment(ref posts) == 1
            ? Answers.Error(HttpStatusCode.TooManyRequests, "Credit limit exceeded", ("x-five-min-limit-resets-in", "0"))
            : ScriptedHandler.Json(HttpStatusCode.Created, """[{"success":true,"new":{"id":9}}]"""));
        using var harness = new ClientHarness(Base, "refresh-1", handler);

        var results = await harness.Client.WriteBookingsAsync([new Beds24Booking { RoomId = 1 }]);

        Assert.Equal(9, Assert.Single(results).BookingId);
        Assert.Equal(2, handler.CountOf("POST", "/bookings"));
    }

    [Fact]
    public async Task Call_BadRequest_IsNotRetried()
    {
        var handler = Answers.TokenThen(_ => Answers.Error(HttpStatusCode.BadRequest, "Invalid roomId"));
        using var harness = new ClientHarness(Base, "refresh-1", handler);

        await Assert.ThrowsAsync<Beds24ValidationException>(() => harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync().AsTask());

        Assert.Equal(1, handler.CountOf("GET", "/bookings"));
    }

    [Fact]
    public async Task Call_BurstOfServerErrors_OpensTheCircuitAndStopsSending()
    {
        var time = FakeTime.Create();
        var handler = Answers.TokenThen(_ => Answers.Error(HttpStatusCode.ServiceUnavailable, "down"));
        using var harness = new ClientHarness(Base, "refresh-1", handler, time, o =>
        {
            o.Retry.MaxRetries = 0;
            o.CircuitBreaker.MinimumThroughput = 5; // the token request is the first, successful, sample
            o.CircuitBreaker.FailureRatio = 0.5;
            o.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(30);
        });

        for (var i = 0; i < 4; i++)
        {
            await Assert.ThrowsAsync<Beds24ApiException>(() => harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync().AsTask());
        }

        var open = await Assert.ThrowsAsync<Beds24NetworkException>(() => harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync().AsTask());
        var sentWhileOpen = handler.CountOf("GET", "/bookings");
        time.Advance(TimeSpan.FromSeconds(31));
        await Assert.ThrowsAsync<Beds24ApiException>(() => harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync().AsTask());

        Assert.IsType<BrokenCircuitException>(open.InnerException, exactMatch: false);
        Assert.Contains("circuit open", open.Message, StringComparison.Ordinal);
        Assert.Equal(4, sentWhileOpen);
        Assert.Equal(5, handler.CountOf("GET", "/bookings")); // half-open: one trial call after the break
    }

    [Fact]
    public async Task Call_CancelledByCaller_ThrowsOperationCanceledWithoutRetrying()
    {
        var handler = new ScriptedHandler(async (request, _, ct) =>
        {
            if (!Answers.IsTokenRequest(request))
            {
                await Task.Delay(Timeout.Infinite, ct);
            }

            return Answers.Token();
        });
        using var harness = new ClientHarness(Base, "refresh-1", handler);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.Client.GetBookingsAsync(new BookingQuery(), cts.Token).ToListAsync(cts.Token).AsTask());

        Assert.Equal(1, handler.CountOf("GET", "/bookings"));
    }
}
