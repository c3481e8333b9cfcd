using Beds24.Api.Auth;
using Beds24.Api.Credits;
using Beds24.Api.Diagnostics;
using Microsoft.Extensions.Logging;
using Moq;

namespace Beds24.Api.Tests;

/// <summary>Builds a real <see cref="Beds24ClientFactory"/> over any HTTP handler (the simulator, or a scripted one).</summary>
internal sealed class ClientHarness : IDisposable
{
    public const string AccountId = "acct-1";

    public ClientHarness(Uri baseAddress, string refreshToken, HttpMessageHandler? handler = null, TimeProvider? time = null,
        Action<Beds24ClientOptions>? configure = null, ICreditBudgetStore? credits = null, ILogger<Beds24ClientFactory>? logger = null,
        System.Diagnostics.Metrics.IMeterFactory? meterFactory = null)
    {
        Options = new Beds24ClientOptions
        {
            BaseAddress = baseAddress,
            Retry = { BaseDelay = TimeSpan.FromMilliseconds(10) },
            AttemptTimeout = TimeSpan.FromSeconds(5),
            MaxCreditWait = TimeSpan.FromSeconds(30),
        };
        configure?.Invoke(Options);
        RefreshTokens.Setup(s => s.GetRefreshTokenAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(refreshToken);
        Credits = credits ?? new InMemoryCreditBudgetStore();
        Http = handler is null ? new HttpClient() : new HttpClient(handler);
        Metrics = new Beds24ApiMetrics(meterFactory);
        Factory = new Beds24ClientFactory(Http, Microsoft.Extensions.Options.Options.Create(Options), RefreshTokens.Object, Credits,
            time ?? TimeProvider.System, Metrics, logger);
    }

    public Beds24ClientOptions Options { get; }

    public Mock<IBeds24RefreshTokenSource> RefreshTokens { get; } = new();

    public ICreditBudgetStore Credits { get; }

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
