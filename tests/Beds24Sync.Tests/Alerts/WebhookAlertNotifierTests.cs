using System.Net;
using System.Text.Json;
using Beds24Sync.Alerts;
using Beds24Sync.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Moq;

namespace Beds24Sync.Tests.Alerts;

public sealed class WebhookAlertNotifierTests
{
    private static readonly AlertEvent Alert = new("success-rate", "error", "Sync success rate is 80.0 %.", new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero), "harbour");

    private readonly Mock<ISecretStore> _secrets = new();
    private readonly FakeLogger<WebhookAlertNotifier> _logger = new();

    private WebhookAlertNotifier Notifier(Func<HttpRequestMessage, Task<HttpResponseMessage>> answer, TimeSpan? timeout = null)
    {
        var factory = new Mock<IHttpClientFactory>();
        factory.Setup(f => f.CreateClient(WebhookAlertNotifier.HttpClientName)).Returns(() => new HttpClient(new Handler(answer)));
        return new WebhookAlertNotifier(_secrets.Object, factory.Object,
            Options.Create(new AlertOptions { WebhookTimeout = timeout ?? TimeSpan.FromSeconds(5) }), _logger);
    }

    private void UrlIs(string? url) =>
        _secrets.Setup(s => s.GetSecretAsync("alert-webhook-url", It.IsAny<CancellationToken>())).ReturnsAsync(url);

    [Fact]
    public async Task NotifyAsync_UrlSet_PostsTheAlertAsJson()
    {
        UrlIs("https://hooks.example.test/T000/B000/XXXX");
        HttpRequestMessage? sent = null;
        string? body = null;
        var notifier = Notifier(async request =>
        {
            sent = request;
            body = await request.Content!.ReadAsStringAsync();
            return new HttpResponseMessage(HttpStatusCode.OK);
        });

        await notifier.NotifyAsync(Alert, CancellationToken.None);

        Assert.Equal(HttpMethod.Post, sent!.Method);
        Assert.Equal("https://hooks.example.test/T000/B000/XXXX", sent.RequestUri!.ToString());
        using var json = JsonDocument.Parse(body!);
        Assert.Equal("success-rate", json.RootElement.GetProperty("rule").GetString());
        Assert.Equal("error", json.RootElement.GetProperty("severity").GetString());
        Assert.Equal("harbour", json.RootElement.GetProperty("accountId").GetString());
        Assert.Equal(Alert.RaisedAt, json.RootElement.GetProperty("raisedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task NotifyAsync_NoUrlSecret_SendsNothing()
    {
        UrlIs(null);
        var calls = 0;

        await Notifier(_ => { calls++; return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)); }).NotifyAsync(Alert, CancellationToken.None);

        Assert.Equal(0, calls);
    }

    [Theory]
    [InlineData("http://hooks.example.test/alerts")]
    [InlineData("ftp://hooks.example.test/alerts")]
    [InlineData("not a url")]
    public async Task NotifyAsync_UrlNotHttps_SendsNothingAndSaysWhy(string url)
    {
        UrlIs(url);
        var calls = 0;

        await Notifier(_ => { calls++; return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)); }).NotifyAsync(Alert, CancellationToken.None);

        Assert.Equal(0, calls);
        Assert.Contains("https", Assert.Single(_logger.Collector.GetSnapshot()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotifyAsync_WebhookAnswers500_LogsWithoutTheUrlAndDoesNotThrow()
    {
        UrlIs("https://hooks.example.test/secret-token-in-path");

        await Notifier(_ => Task.FromResult(new HttpResponseMessage(HttpStatusCode.InternalServerError))).NotifyAsync(Alert, CancellationToken.None);

        var log = Assert.Single(_logger.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Warning, log.Level);
        Assert.Contains("HTTP 500", log.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token-in-path", log.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotifyAsync_WebhookUnreachable_DoesNotThrow()
    {
        UrlIs("https://hooks.example.test/alerts");

        await Notifier(_ => throw new HttpRequestException("connection refused")).NotifyAsync(Alert, CancellationToken.None);

        Assert.Contains("HttpRequestException", Assert.Single(_logger.Collector.GetSnapshot()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotifyAsync_WebhookHangs_GivesUpAfterTheTimeout()
    {
        UrlIs("https://hooks.example.test/alerts");
        var notifier = Notifier(_ => new TaskCompletionSource<HttpResponseMessage>().Task, timeout: TimeSpan.FromMilliseconds(200));

        var started = DateTime.UtcNow;
        await notifier.NotifyAsync(Alert, CancellationToken.None);

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
        Assert.Contains("timed out", Assert.Single(_logger.Collector.GetSnapshot()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotifyAsync_SecretIsNotAUrl_LogsAndSendsNothing()
    {
        UrlIs("not a url");
        var calls = 0;

        await Notifier(_ => { calls++; return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)); }).NotifyAsync(Alert, CancellationToken.None);

        Assert.Equal(0, calls);
        Assert.Single(_logger.Collector.GetSnapshot());
    }

    private sealed class Handler(Func<HttpRequestMessage, Task<HttpResponseMessage>> answer) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            await answer(request).WaitAsync(cancellationToken);
    }
}

public sealed class CompositeAlertNotifierTests
{
    private static readonly AlertEvent Alert = new("dead-letter", "warning", "A message was dead-lettered.", DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task NotifyAsync_OneChannelThrows_TheOthersStillGetTheAlert()
    {
        var failing = new Mock<IAlertNotifier>();
        failing.Setup(n => n.NotifyAsync(Alert, It.IsAny<CancellationToken>())).ThrowsAsync(new InvalidOperationException("broken"));
        var log = new LoggingAlertNotifier(NullLogger<LoggingAlertNotifier>.Instance);
        var composite = new CompositeAlertNotifier([failing.Object, log], NullLogger<CompositeAlertNotifier>.Instance);

        await composite.NotifyAsync(Alert, CancellationToken.None);

        Assert.Equal(Alert, Assert.Single(log.Recent));
    }

    [Fact]
    public async Task NotifyAsync_Cancelled_Propagates()
    {
        var cancelled = new Mock<IAlertNotifier>();
        cancelled.Setup(n => n.NotifyAsync(Alert, It.IsAny<CancellationToken>())).ThrowsAsync(new OperationCanceledException());
        var composite = new CompositeAlertNotifier([cancelled.Object], NullLogger<CompositeAlertNotifier>.Instance);

        await Assert.ThrowsAsync<OperationCanceledException>(() => composite.NotifyAsync(Alert, CancellationToken.None));
    }

    [Fact]
    public async Task LoggingAlertNotifier_KeepsOnlyTheLatestHundred()
    {
        var log = new LoggingAlertNotifier(NullLogger<LoggingAlertNotifier>.Instance);

        for (var i = 0; i < 150; i++)
        {
            await log.NotifyAsync(Alert with { Message = $"#{i}" }, CancellationToken.None);
        }

        Assert.Equal(100, log.Recent.Count);
        Assert.Equal("#149", log.Recent[^1].Message);
    }
}
