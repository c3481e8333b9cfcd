using System.Net;
using Beds24.Api.Errors;
using Beds24.Api.Models;
using Beds24.Api.Tests.Unit.Fakes;

namespace Beds24.Api.Tests.Unit;

public sealed class AuthenticationTests
{
    private static readonly Uri Base = new("http://beds24.test/v2/");

    [Fact]
    public async Task Call_TwoCallsWithinTokenLifetime_MintOneTokenAndSendItAsHeader()
    {
        var handler = Answers.TokenThen(_ => Answers.EmptyBookings());
        using var harness = new ClientHarness(Base, "refresh-1", handler, configure: o => o.Organization = "our-org");

        await harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync();
        await harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync();

        var tokenRequest = Assert.Single(handler.Requests, r => r.Is("GET", "/authentication/token"));
        Assert.Equal("refresh-1", tokenRequest.Headers["refreshToken"]);
        var calls = handler.Requests.Where(r => r.Is("GET", "/bookings")).ToList();
        Assert.Equal(2, calls.Count);
        Assert.Single(calls.Select(c => c.Headers["token"]).Distinct());
        Assert.All(calls, c => Assert.StartsWith(Answers.AccessTokenPrefix, c.Headers["token"]));
        Assert.All(handler.Requests, r => Assert.Equal("our-org", r.Headers["organization"]));
    }

    [Fact]
    public async Task Call_NoOrganizationConfigured_SendsNoOrganizationHeader()
    {
        var handler = Answers.TokenThen(_ => Answers.EmptyBookings());
        using var harness = new ClientHarness(Base, "refresh-1", handler);

        await harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync();

        Assert.All(handler.Requests, r => Assert.False(r.Headers.ContainsKey("organization")));
    }

    [Fact]
    public async Task Call_TwentyConcurrentCallsWithoutToken_MintOneToken()
    {
        var handler = new ScriptedHandler(async (request, _, ct) =>
        {
            if (Answers.IsTokenRequest(request))
            {
                await Task.Delay(50, ct); // a slow mint keeps the other 19 callers waiting on it
                return Answers.Token();
            }

            return Answers.EmptyBookings();
        });
        using var harness = new ClientHarness(Base, "refresh-1", handler);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () => await harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync())));

        Assert.Equal(1, handler.CountOf("GET", "/authentication/token"));
        Assert.Equal(20, handler.CountOf("GET", "/bookings"));
    }

    [Fact]
    public async Task Call_TwentyConcurrentCallsAllRefusingTheFirstToken_MintOneReplacement()
    {
        var minted = 0;
        var handler = new ScriptedHandler(async (request, _, ct) =>
        {
            if (Answers.IsTokenRequest(request))
            {
                await Task.Delay(30, ct);
                var n = Interlocked.Increment(ref minted);
                return ScriptedHandler.Json(HttpStatusCode.OK, $$"""{"token":"t{{n}}","expiresIn":86400}""");
            }

            return request.Headers.GetValues("token").Single() == "t1"
                ? Answers.Error(HttpStatusCode.Unauthorized, "Token is invalid")
                : Answers.EmptyBookings();
        });
        using var harness = new ClientHarness(Base, "refresh-1", handler);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () => await harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync())));

        Assert.Equal(2, handler.CountOf("GET", "/authentication/token"));
        Assert.Equal(20, handler.Requests.Count(r => r.Is("GET", "/bookings") && r.Headers["token"] == "t2"));
    }

    [Fact]
    public async Task Call_TokenInsideRefreshMargin_IsRefreshedBeforeUse()
    {
        var time = FakeTime.Create();
        var handler = new ScriptedHandler((request, _) => Answers.IsTokenRequest(request) ? Answers.Token(expiresIn: 3600) : Answers.EmptyBookings());
        using var harness = new ClientHarness(Base, "refresh-1", handler, time);

        await harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync();
        time.Advance(TimeSpan.FromMinutes(54)); // 6 minutes left: outside the 5-minute margin
        await harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync();
        var afterFirstHour = handler.CountOf("GET", "/authentication/token");
        time.Advance(TimeSpan.FromMinutes(2)); // 4 minutes left: inside the margin
        await harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync();

        Assert.Equal(1, afterFirstHour);
        Assert.Equal(2, handler.CountOf("GET", "/authentication/token"));
    }

    [Fact]
    public async Task Call_TokenShorterLivedThanMargin_IsReusedForHalfItsLife()
    {
        var time = FakeTime.Create();
        var handler = new ScriptedHandler((request, _) => Answers.IsTokenRequest(request) ? Answers.Token(expiresIn: 120) : Answers.EmptyBookings());
        using var harness = new ClientHarness(Base, "refresh-1", handler, time);

        await harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync();
        time.Advance(TimeSpan.FromSeconds(30));
        await harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync();
        time.Advance(TimeSpan.FromSeconds(40));
        await harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync();

        Assert.Equal(2, handler.CountOf("GET", "/authentication/token"));
    }

    [Fact]
    public async Task Call_TokenRefusedOnce_RefreshesOnceAndSucceeds()
    {
        var bookingCalls = 0;
        var handler = Answers.TokenThen(_ => Interlocked.Increment(ref bookingCalls) == 1
            ? Answers.Error(HttpStatusCode.Unauthorized, "Token is invalid")
            : Answers.EmptyBookings());
        using var harness = new ClientHarness(Base, "refresh-1", handler);

        await harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync();

        Assert.Equal(2, handler.CountOf("GET", "/authentication/token"));
        var tokens = handler.Requests.Where(r => r.Is("GET", "/bookings")).Select(r => r.Headers["token"]).ToList();
        Assert.Equal(2, tokens.Count);
        Assert.NotEqual(tokens[0], tokens[1]);
    }

    [Fact]
    public async Task Call_TokenRefusedTwice_ThrowsAuthenticationErrorAfterOneRefresh()
    {
        var handler = Answers.TokenThen(_ => Answers.Error(HttpStatusCode.Unauthorized, "Token is invalid"));
        using var harness = new ClientHarness(Base, "refresh-1", handler);

        var error = await Assert.ThrowsAsync<Beds24AuthenticationException>(() => harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync().AsTask());

        Assert.Equal(2, handler.CountOf("GET", "/authentication/token"));
        Assert.Equal(2, handler.CountOf("GET", "/bookings"));
        Assert.Contains("reconnect", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Unauthorized, error.Status);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task Call_RefreshTokenRefused_ThrowsAuthenticationErrorSayingReconnect()
    {
        var handler = new ScriptedHandler((request, _) => Answers.IsTokenRequest(request)
            ? Answers.Error(HttpStatusCode.BadRequest, "Invalid refresh token")
            : Answers.EmptyBookings());
        using var harness = new ClientHarness(Base, "refresh-1", handler);

        var error = await Assert.ThrowsAsync<Beds24AuthenticationException>(() => harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync().AsTask());

        Assert.Contains("invite code", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(ClientHarness.AccountId, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, handler.CountOf("GET", "/bookings"));
    }

    [Fact]
    public async Task ExchangeInviteCode_ValidCode_SendsCodeAndDeviceNameHeadersAndReturnsRefreshToken()
    {
        var handler = new ScriptedHandler((_, _) =>
            ScriptedHandler.Json(HttpStatusCode.OK, """{"token":"access-x","expiresIn":86400,"refreshToken":"refresh-new"}"""));
        using var harness = new ClientHarness(Base, "unused", handler);

        var setup = await harness.Factory.ExchangeInviteCodeAsync(" invite-123 ", "beds24sync");

        var request = Assert.Single(handler.Requests);
        Assert.True(request.Is("GET", "/authentication/setup"));
        Assert.Equal("invite-123", request.Headers["code"]);
        Assert.Equal("beds24sync", request.Headers["deviceName"]);
        Assert.False(request.Headers.ContainsKey("token"));
        Assert.Equal("refresh-new", setup.RefreshToken);
        Assert.Equal(TimeSpan.FromDays(1), setup.ExpiresIn);
        Assert.DoesNotContain("refresh-new", setup.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExchangeInviteCode_CodeRefused_ThrowsAuthenticationErrorSayingCreateANewCode()
    {
        var handler = new ScriptedHandler((_, _) => Answers.Error(HttpStatusCode.BadRequest, "Invalid code"));
        using var harness = new ClientHarness(Base, "unused", handler);

        var error = await Assert.ThrowsAsync<Beds24AuthenticationException>(() => harness.Factory.ExchangeInviteCodeAsync("expired-code"));

        Assert.Contains("new one", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("expired-code", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokeRefreshToken_Always_SendsDeleteWithRefreshTokenAndForgetsTheAccessToken()
    {
        var handler = new ScriptedHandler((request, _) => request.Method == HttpMethod.Delete
            ? ScriptedHandler.Json(HttpStatusCode.OK, """{"success":true}""")
            : Answers.IsTokenRequest(request) ? Answers.Token() : Answers.EmptyBookings());
        using var harness = new ClientHarness(Base, "refresh-1", handler);
        await harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync();

        await harness.Factory.RevokeRefreshTokenAsync(ClientHarness.AccountId);
        await harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync();

        var revoke = Assert.Single(handler.Requests, r => r.Is("DELETE", "/authentication/token"));
        Assert.Equal("refresh-1", revoke.Headers["refreshToken"]);
        Assert.Equal(2, handler.CountOf("GET", "/authentication/token"));
    }

    [Fact]
    public async Task GetTokenDetails_WhitelistedToken_ReportsWhitelistAndRequestIp()
    {
        var handler = Answers.TokenThen(_ => ScriptedHandler.Json(HttpStatusCode.OK,
            """{"validToken":true,"token":{"ownerId":12,"expiresIn":3000,"scopes":["read:bookings","all:inventory"],"linkedProperties":false,"onlyPropertyId":null,"whiteListOnly":true,"whiteList":["1.2.3.4"]},"diagnostics":{"requestIp":"5.6.7.8"}}"""));
        using var harness = new ClientHarness(Base, "refresh-1", handler);

        var details = await harness.Client.GetTokenDetailsAsync();

        Assert.True(details.ValidToken);
        Assert.True(details.WhiteListOnly);
        Assert.Equal("5.6.7.8", details.RequestIp);
        Assert.Equal(["1.2.3.4"], details.WhiteList);
        Assert.Equal(["read:bookings", "all:inventory"], details.Scopes);
        Assert.Equal(12, details.OwnerId);
        Assert.Equal(TimeSpan.FromSeconds(3000), details.ExpiresIn);
        Assert.Null(details.OnlyPropertyId);
        Assert.True(handler.Requests.Single(r => r.Is("GET", "/authentication/details")).Headers.ContainsKey("token"));
    }
}
