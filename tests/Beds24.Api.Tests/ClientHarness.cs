using Beds24.Api;
using Beds24.Api.Auth;
using Beds24.Api.Credits;
using Beds24.Api.Diagnostics;
using Microsoft.Extensions.Options;
using Moq;

namespace Beds24.Api.Tests;

/// <summary>Builds a real <see cref="Beds24ClientFactory"/> over any HTTP handler (the simulator, or a scripted one).</summary>
internal sealed class ClientHarness : IDisposable
{
    public const string AccountId = "acct-1";

    public ClientHarness(Uri baseAddress, string refreshToken, HttpMessageHandler? handler = null, TimeProvider? time = null,
        Action<Beds24ClientOptions>? configure = null)
    {
        Options = new Beds24ClientOptions
        {
            BaseAddress = baseAddress,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            AttemptTimeout = TimeSpan.FromSeconds(5),
            MaxCreditWait = TimeSpan.FromSeconds(30),
        };
        configure?.Invoke(Options);
        RefreshTokens.Setup(s => s.GetRefreshTokenAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(refreshToken);
        Http = handler is null ? new HttpClient() : new HttpClient(handler);
        Metrics = new Beds24ApiMetrics();
        Factory = new Beds24ClientFactory(Http, Microsoft.Extensions.Options.Options.Create(Options), RefreshTokens.Object, Credits, time ?? TimeProvider.System, Metrics);
    }

    public Beds24ClientOptions Options { get; }

    public Mock<IBeds24RefreshTokenSource> RefreshTokens { get; } = new();

    public InMemoryCreditBudgetStore Credits { get; } = new();

    public HttpClient Http { get; }

    public Beds24ApiMetrics Metrics { get; }

    public Beds24ClientFactory Factory { get; }

    public IBeds24Client Client => Factory.GetClient(AccountId);

    public void Dispose()
    {
        Factory.Dispose();
        Http.Dispose();
        Metrics.Dispose();
    }
}
