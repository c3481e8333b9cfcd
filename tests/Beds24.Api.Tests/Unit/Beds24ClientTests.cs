using System.Net;
using Beds24.Api.Errors;
using Beds24.Api.Models;
using Microsoft.Extensions.Time.Testing;

namespace Beds24.Api.Tests.Unit;

public sealed class Beds24ClientTests
{
    private static readonly Uri Base = new("http://beds24.test/v2/");

    private static HttpResponseMessage Token(int expiresIn = 86400) =>
        ScriptedHandler.Json(HttpStatusCode.OK, $$"""{"token":"access-{{Guid.NewGuid():N}}","expiresIn":{{expiresIn}}}""");

    private static HttpResponseMessage EmptyBookings(params (string, string)[] headers) =>
        ScriptedHandler.Json(HttpStatusCode.OK, """{"success":true,"type":"booking","count":0,"pages":{"nextPageExists":false},"data":[]}""", headers);

    [Fact]
    public async Task GetBookings_ConcurrentCallsWithoutToken_RefreshTheTokenOnce()
    {
        var handler = new ScriptedHandler((req, _) => req.RequestUri!.AbsolutePath.EndsWith("authentication/token") ? Token() : EmptyBookings());
        using var harness = new ClientHarness(Base, "refresh-1", handler);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ => await harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync()));

        Assert.Equal(1, handler.Requests.Count(r => r.Url.Contains("authentication/token")));
        Assert.Equal(20, handler.Requests.Count(r => r.Url.Contains("/bookings")));
        Assert.All(handler.Requests.Where(r => r.Url.Contains("/bookings")), r => Assert.StartsWith("access-", r.Headers["token"]));
    }

    [Fact]
    public async Task GetBookings_TokenNearExpiry_IsRefreshedBeforeUse()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-24T00:00:00Z"));
        var handler = new ScriptedHandler((req, _) => req.RequestUri!.AbsolutePath.EndsWith("authentication/token") ? Token(expiresIn: 3600) : EmptyBookings());
        using var harness = new ClientHarness(Base, "refresh-1", handler, time);

        await harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync();
        time.Advance(TimeSpan.FromMinutes(56)); // inside the 5-minute refresh margin
        await harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync();

        Assert.Equal(2, handler.Requests.Count(r => r.Url.Contains("authentication/token")));
    }

    [Fact]
    public async Task GetBookings_TokenRefusedTwice_ThrowsAuthenticationErrorAfterOneRefresh()
    {
        var handler = new ScriptedHandler((req, _) => req.RequestUri!.AbsolutePath.EndsWith("authentication/token")
            ? Token()
            : ScriptedHandler.Json(HttpStatusCode.Unauthorized, """{"success":false,"error":"Token is invalid"}"""));
        using var harness = new ClientHarness(Base, "refresh-1", handler);

        var error = await Assert.ThrowsAsync<Beds24AuthenticationException>(() => harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync().AsTask());

        Assert.Equal(2, handler.Requests.Count(r => r.Url.Contains("authentication/token")));
        Assert.Contains("reconnect", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task Call_BudgetSpent_WaitsForTheWindowInsteadOfFailing()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-24T00:00:00Z"));
        var handler = new ScriptedHandler((req, n) => req.RequestUri!.AbsolutePath.EndsWith("authentication/token")
            ? Token()
            : EmptyBookings(("x-five-min-limit-remaining", "0.5"), ("x-five-min-limit-resets-in", "60"), ("x-request-cost", "1")));
        using var harness = new ClientHarness(Base, "refresh-1", handler, time, o => o.MaxCreditWait = TimeSpan.FromMinutes(2));
        await harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync();

        var second = harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync().AsTask();
        await Task.Delay(100);
        Assert.False(second.IsCompleted); // waiting for credits, not failing
        time.Advance(TimeSpan.FromSeconds(62));
        await second.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, handler.Requests.Count(r => r.Url.Contains("/bookings")));
    }

    [Fact]
    public async Task Call_BudgetSpentBeyondMaxWait_ThrowsRateLimitError()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-24T00:00:00Z"));
        var handler = new ScriptedHandler((req, _) => req.RequestUri!.AbsolutePath.EndsWith("authentication/token")
            ? Token()
            : EmptyBookings(("x-five-min-limit-remaining", "0"), ("x-five-min-limit-resets-in", "299")));
        using var harness = new ClientHarness(Base, "refresh-1", handler, time, o => o.MaxCreditWait = TimeSpan.FromSeconds(30));
        await harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync();

        var error = await Assert.ThrowsAsync<Beds24RateLimitException>(() => harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync().AsTask());

        Assert.True(error.IsTransient);
        Assert.True(error.RetryAfter >= TimeSpan.FromSeconds(299));
    }

    [Fact]
    public async Task WriteBookings_PerItemResults_AreAllReported()
    {
        const string results = """
            [{"success":true,"new":{"id":101,"roomId":1},"warnings":[{"action":"new","field":"email","message":"email looks invalid"}]},
             {"success":false,"modified":{"id":55,"numAdult":2},"errors":[{"action":"modify","field":"departure","message":"Invalid date"}]}]
            """;
        var handler = new ScriptedHandler((req, _) => req.RequestUri!.AbsolutePath.EndsWith("authentication/token")
            ? Token()
            : ScriptedHandler.Json(HttpStatusCode.Created, results));
        using var harness = new ClientHarness(Base, "refresh-1", handler);

        var written = await harness.Client.WriteBookingsAsync(
        [
            new Beds24Booking { RoomId = 1, Arrival = new DateOnly(2026, 12, 1), Departure = new DateOnly(2026, 12, 3), Actions = new Beds24BookingActions { CheckAvailability = true } },
            new Beds24Booking { Id = 55, NumAdult = 2 },
        ]);

        Assert.Equal(2, written.Count);
        Assert.Equal(101, written[0].BookingId);
        Assert.Single(written[0].Warnings);
        Assert.False(written[1].Success);
        Assert.Equal(55, written[1].BookingId);
        Assert.Equal("departure", Assert.Single(written[1].Errors).Field);
        var post = handler.Requests.Single(r => r.Method == "POST");
        Assert.Equal("/v2/bookings", post.Url);
    }

    [Fact]
    public async Task Call_BadRequest_ThrowsValidationErrorWithRedactedRequest()
    {
        var handler = new ScriptedHandler((req, _) => req.RequestUri!.AbsolutePath.EndsWith("authentication/token")
            ? Token()
            : ScriptedHandler.Json(HttpStatusCode.BadRequest, """{"success":false,"type":"error","code":400,"error":"Invalid searchString"}""", ("x-request-cost", "0.5")));
        using var harness = new ClientHarness(Base, "refresh-1", handler);

        var error = await Assert.ThrowsAsync<Beds24ValidationException>(() =>
            harness.Client.GetBookingsAsync(new BookingQuery { SearchString = "ann.guest@example.com" }).ToListAsync().AsTask());

        Assert.DoesNotContain("ann.guest", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("ann.guest", error.Request!, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0.5m, error.RequestCost);
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
    }

    [Fact]
    public async Task Call_ServerErrorsThenSuccess_IsRetried()
    {
        var bookingCalls = 0;
        var handler = new ScriptedHandler((req, _) =>
        {
            if (req.RequestUri!.AbsolutePath.EndsWith("authentication/token"))
            {
                return Token();
            }

            return Interlocked.Increment(ref bookingCalls) <= 2
                ? ScriptedHandler.Json(HttpStatusCode.ServiceUnavailable, """{"success":false,"error":"busy"}""")
                : EmptyBookings();
        });
        using var harness = new ClientHarness(Base, "refresh-1", handler);

        var bookings = await harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync();

        Assert.Empty(bookings);
        Assert.Equal(3, bookingCalls);
    }

    [Fact]
    public async Task GetTokenDetails_ReportsWhitelistAndRequestIp()
    {
        var handler = new ScriptedHandler((req, _) => req.RequestUri!.AbsolutePath.EndsWith("authentication/token")
            ? Token()
            : ScriptedHandler.Json(HttpStatusCode.OK, """{"validToken":true,"token":{"ownerId":12,"expiresIn":3000,"scopes":["read:bookings"],"whiteListOnly":true,"whiteList":["1.2.3.4"]},"diagnostics":{"requestIp":"5.6.7.8"}}"""));
        using var harness = new ClientHarness(Base, "refresh-1", handler);

        var details = await harness.Client.GetTokenDetailsAsync();

        Assert.True(details.ValidToken);
        Assert.True(details.WhiteListOnly);
        Assert.Equal("5.6.7.8", details.RequestIp);
        Assert.Equal(["1.2.3.4"], details.WhiteList);
        Assert.Equal(12, details.OwnerId);
    }
}
