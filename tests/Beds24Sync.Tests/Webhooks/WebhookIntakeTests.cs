using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Beds24.Testing;
using Beds24Sync.Accounts;
using Beds24Sync.Contracts;
using Beds24Sync.Queues;
using Beds24Sync.Secrets;
using Beds24Sync.Storage;
using Beds24Sync.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Beds24Sync.Tests.Webhooks;

public sealed class WebhookIntakeTests
{
    private const string Secret = "header-secret-value";
    private const string SigningKey = "relay-signing-key";
    private const string V2Body = """{"timeStamp":"2026-11-24T10:00:00Z","booking":{"id":4711,"propertyId":50,"status":"confirmed","email":"ann@example.com","modifiedTime":"2026-11-24T09:59:00Z"},"infoItems":[],"invoiceItems":[],"messages":[],"retries":0}""";

    private readonly Mock<ISecretStore> _secrets = new();
    private readonly Mock<IQueuePublisher> _queues = new();
    private readonly Mock<IWebhookEventStore> _events = new();
    private readonly Dictionary<string, Beds24Account> _accounts = new() { ["acme"] = new() { AccountId = "acme", RefreshTokenSecretName = "beds24-refresh-acme" } };
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
    private readonly FakeLogger<WebhookIntake> _log = new();
    private readonly WebhookOptions _options = new();
    private readonly List<InboundWorkItem> _enqueued = [];
    private readonly List<string> _recordedKeys = [];

    public WebhookIntakeTests()
    {
        _secrets.Setup(s => s.GetSecretAsync(_options.SecretName, It.IsAny<CancellationToken>())).ReturnsAsync(Secret);
        _secrets.Setup(s => s.GetSecretAsync(_options.SignatureSecretName, It.IsAny<CancellationToken>())).ReturnsAsync(SigningKey);
        _queues.Setup(q => q.SendAsync(StorageNames.Queues.Beds24Inbound, It.IsAny<InboundWorkItem>(), null, It.IsAny<CancellationToken>()))
            .Callback((string _, InboundWorkItem item, TimeSpan? _, CancellationToken _) => _enqueued.Add(item)).Returns(Task.CompletedTask);
        _events.Setup(e => e.SeenAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string _, string key, CancellationToken _) => _recordedKeys.Contains(key));
        _events.Setup(e => e.RecordAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<long>(), It.IsAny<CancellationToken>()))
            .Callback((string _, string key, long _, CancellationToken _) => _recordedKeys.Add(key)).Returns(Task.CompletedTask);
    }

    private WebhookAccountGate Gate()
    {
        var accounts = new Mock<IAccountStore>();
        accounts.Setup(a => a.GetAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((string id, CancellationToken _) => _accounts.GetValueOrDefault(id));
        return new WebhookAccountGate(accounts.Object, Options.Create(_options), _time);
    }

    private WebhookIntake Intake() => new(_secrets.Object, _queues.Object, _events.Object, Gate(), Options.Create(_options), _time, _log);

    private static WebhookRequest Request(string body, string? secret = Secret, string headerName = "X-Beds24-Secret", long? contentLength = -1,
        Dictionary<string, string>? extraHeaders = null, string account = "acme")
    {
        var headers = new Dictionary<string, string>(extraHeaders ?? []);
        if (secret is not null)
        {
            headers[headerName] = secret;
        }

        var bytes = Encoding.UTF8.GetBytes(body);
        return new WebhookRequest(headers, new Dictionary<string, string> { ["account"] = account }, new MemoryStream(bytes), contentLength == -1 ? bytes.Length : contentLength);
    }

    private static void AssertProblem(WebhookResponse response, int status)
    {
        Assert.Equal(status, response.Status);
        using var problem = JsonDocument.Parse(response.ProblemJson!);
        Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("detail").GetString()));
        Assert.StartsWith("https://", problem.RootElement.GetProperty("type").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_ValidVersion2_Answers200AndEnqueuesOneSmallWorkItem()
    {
        var response = await Intake().HandleAsync(Request(V2Body), CancellationToken.None);

        Assert.Equal(new WebhookResponse(200, null), response);
        var item = Assert.Single(_enqueued);
        Assert.Equal(("acme", InboundSources.Webhook, 4711L), (item.AccountId, item.Source, Assert.Single(item.BookingIds)));
        Assert.Single(_recordedKeys);
    }

    [Theory]
    [InlineData(V2Body)]
    [InlineData("""{"booking":{"id":"x","cardCvc":"7371"}}""")] // refused: the problem names no card data either
    public async Task HandleAsync_BodyCarryingCardData_KeepsOnlyTheBookingIdAndLogsNoneOfIt(string body)
    {
        // Beds24's webhook setting "Additional Data" can add the card's CVC and payment token to the body (live, 2026-08).
        var withCard = body.Replace("\"retries\":0", "\"retries\":0,\"cardCvc\":\"7371\",\"stripeToken\":\"tok_4242secret\"", StringComparison.Ordinal);

        var response = await Intake().HandleAsync(Request(withCard), CancellationToken.None);

        var everythingKept = string.Join('|', _enqueued.Select(i => JsonSerializer.Serialize(i)).Concat(_recordedKeys)) + LogText.All(_log.Collector) + response.ProblemJson;
        Assert.DoesNotContain("7371", everythingKept, StringComparison.Ordinal);
        Assert.DoesNotContain("tok_4242secret", everythingKept, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_Version1FlatPayloadWithStringIds_IsAccepted()
    {
        var response = await Intake().HandleAsync(Request("""{"bookid":"123","propid":"50","status":"modify"}"""), CancellationToken.None);

        Assert.Equal(200, response.Status);
        Assert.Equal(123L, Assert.Single(Assert.Single(_enqueued).BookingIds));
    }

    [Fact]
    public async Task HandleAsync_SecretHeaderNameInOtherCase_IsAccepted()
    {
        var response = await Intake().HandleAsync(Request(V2Body, headerName: "x-beds24-SECRET"), CancellationToken.None);

        Assert.Equal(200, response.Status);
    }

    [Theory]
    [InlineData("wrong-value")]
    [InlineData("header-secret-valu")]
    [InlineData("")]
    [InlineData(null)]
    public async Task HandleAsync_SecretMissingOrWrong_Answers401ProblemEnqueuesNothingAndLogsNoSecret(string? presented)
    {
        var response = await Intake().HandleAsync(Request(V2Body, secret: presented), CancellationToken.None);

        AssertProblem(response, 401);
        Assert.Empty(_enqueued);
        _events.Verify(e => e.RecordAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<long>(), It.IsAny<CancellationToken>()), Times.Never);
        var logged = Assert.Single(_log.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Warning, logged.Level);
        Assert.DoesNotContain(Secret, LogText.Of(logged), StringComparison.Ordinal);
        if (!string.IsNullOrEmpty(presented))
        {
            Assert.DoesNotContain(presented, LogText.Of(logged), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task HandleAsync_DeclaredLengthOverTheCap_Answers413WithoutReadingTheBody()
    {
        var body = new Mock<Stream>(MockBehavior.Strict); // any read would throw
        var request = new WebhookRequest(new Dictionary<string, string> { ["X-Beds24-Secret"] = Secret }, new Dictionary<string, string> { ["account"] = "acme" },
            body.Object, _options.MaxBodyBytes + 1L);

        var response = await Intake().HandleAsync(request, CancellationToken.None);

        AssertProblem(response, 413);
        Assert.Empty(_enqueued);
    }

    [Fact]
    public async Task HandleAsync_UndeclaredBodyOverTheCap_Answers413WhileReading()
    {
        var huge = """{"booking":{"id":1},"pad":" """ + new string('x', _options.MaxBodyBytes) + "\"}";

        var response = await Intake().HandleAsync(Request(huge, contentLength: null), CancellationToken.None);

        AssertProblem(response, 413);
        Assert.Empty(_enqueued);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"booking":{"id":"abc"}}""")]
    [InlineData("""{"booking":{"id":-5}}""")]
    [InlineData("""{"timeStamp":"2026-11-24T10:00:00Z"}""")]
    [InlineData("")]
    public async Task HandleAsync_MalformedBody_Answers400ProblemAndEnqueuesNothing(string body)
    {
        var response = await Intake().HandleAsync(Request(body), CancellationToken.None);

        AssertProblem(response, 400);
        Assert.Empty(_enqueued);
    }

    [Theory]
    [InlineData("bad/account")]
    [InlineData("")]
    public async Task HandleAsync_NoUsableAccountInTheUrl_Answers400(string account)
    {
        var response = await Intake().HandleAsync(Request(V2Body, account: account), CancellationToken.None);

        AssertProblem(response, 400);
        Assert.Empty(_enqueued);
    }

    [Fact]
    public async Task HandleAsync_SameBookingVersionRetriedByBeds24_IsOneEvent()
    {
        var intake = Intake();

        await intake.HandleAsync(Request(V2Body), CancellationToken.None);
        var retry = await intake.HandleAsync(Request(V2Body.Replace("\"retries\":0", "\"retries\":1", StringComparison.Ordinal)), CancellationToken.None);

        Assert.Equal(200, retry.Status);
        Assert.Single(_enqueued);
    }

    [Fact]
    public async Task HandleAsync_NewVersionOfTheSameBooking_IsANewEvent()
    {
        var intake = Intake();

        await intake.HandleAsync(Request(V2Body), CancellationToken.None);
        await intake.HandleAsync(Request(V2Body.Replace("\"status\":\"confirmed\"", "\"status\":\"cancelled\"", StringComparison.Ordinal)), CancellationToken.None);

        Assert.Equal(2, _enqueued.Count);
        Assert.Equal(2, _recordedKeys.Distinct().Count());
        Assert.NotEqual(_enqueued[0].MessageId, _enqueued[1].MessageId);
    }

    [Fact]
    public async Task HandleAsync_QueueUnavailable_Answers503AndRemembersNothingSoTheRedeliveryCounts()
    {
        _queues.Setup(q => q.SendAsync(StorageNames.Queues.Beds24Inbound, It.IsAny<InboundWorkItem>(), null, It.IsAny<CancellationToken>()))
            .ThrowsAsync(new AggregateException(new Azure.RequestFailedException(503, "down")));

        var response = await Intake().HandleAsync(Request(V2Body), CancellationToken.None);

        AssertProblem(response, 503);
        Assert.Empty(_recordedKeys);
        Assert.DoesNotContain("ann@example.com", LogText.All(_log.Collector), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_EventStoreUnavailable_Answers503()
    {
        _events.Setup(e => e.SeenAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>())).ThrowsAsync(new Azure.RequestFailedException(500, "table down"));

        var response = await Intake().HandleAsync(Request(V2Body), CancellationToken.None);

        AssertProblem(response, 503);
        Assert.Empty(_enqueued);
    }

    [Fact]
    public async Task HandleAsync_SecretNotConfigured_Answers503NamingTheMissingSecret()
    {
        _secrets.Setup(s => s.GetSecretAsync(_options.SecretName, It.IsAny<CancellationToken>())).ReturnsAsync((string?)null);

        var response = await Intake().HandleAsync(Request(V2Body), CancellationToken.None);

        AssertProblem(response, 503);
        Assert.Contains("not configured", response.ProblemJson, StringComparison.Ordinal); // not an outage: a setup step is missing
        Assert.Contains(_options.SecretName, response.ProblemJson, StringComparison.Ordinal);
        Assert.Empty(_enqueued);
    }

    [Fact]
    public async Task HandleAsync_UnknownAccount_Answers404AndQueuesNothing()
    {
        var response = await Intake().HandleAsync(Request(V2Body, account: "other-hotel"), CancellationToken.None);

        AssertProblem(response, 404);
        Assert.Empty(_enqueued); // so no dead letter and no alert further on
        _secrets.Verify(s => s.GetSecretAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task HandleAsync_AccountConnectedAfterAnUnknownAttempt_IsAcceptedWithinHalfAMinute()
    {
        var intake = Intake();
        AssertProblem(await intake.HandleAsync(Request(V2Body, account: "newcomer"), CancellationToken.None), 404);
        _accounts["newcomer"] = new() { AccountId = "newcomer", RefreshTokenSecretName = "beds24-refresh-newcomer" };

        var soon = await intake.HandleAsync(Request(V2Body, account: "newcomer"), CancellationToken.None);
        _time.Advance(WebhookAccountGate.UnknownAccountCacheDuration);
        var later = await intake.HandleAsync(Request(V2Body, account: "newcomer"), CancellationToken.None);

        Assert.Equal(404, soon.Status); // remembered briefly: a flood of made-up ids is not a flood of table reads
        Assert.Equal(200, later.Status);
    }

    [Fact]
    public async Task HandleAsync_DisabledAccount_Answers403AndQueuesNothing()
    {
        _accounts["acme"] = _accounts["acme"] with { Enabled = false };

        var response = await Intake().HandleAsync(Request(V2Body), CancellationToken.None);

        AssertProblem(response, 403);
        Assert.Empty(_enqueued);
    }

    [Fact]
    public async Task HandleAsync_AccountWithItsOwnSecret_AcceptsOnlyThatSecret()
    {
        // Hotel B's admin sees the shared header in Beds24; it must not open hotel A, which has a secret of its own.
        _accounts["acme"] = _accounts["acme"] with { WebhookSecretName = SecretNames.WebhookSecret("acme") };
        _secrets.Setup(s => s.GetSecretAsync(SecretNames.WebhookSecret("acme"), It.IsAny<CancellationToken>())).ReturnsAsync("acme-only");
        var intake = Intake();

        var shared = await intake.HandleAsync(Request(V2Body, secret: Secret), CancellationToken.None);
        var own = await intake.HandleAsync(Request(V2Body, secret: "acme-only"), CancellationToken.None);

        AssertProblem(shared, 401);
        Assert.Equal(200, own.Status);
        Assert.Single(_enqueued);
    }

    [Fact]
    public async Task HandleAsync_AccountOverItsRateLimit_Answers429WithRetryAfterAndOtherAccountsGoOn()
    {
        _options.RateLimitPerMinute = 3;
        _options.RateLimitBurst = 3;
        _accounts["beta"] = new() { AccountId = "beta", RefreshTokenSecretName = "beds24-refresh-beta" };
        var intake = Intake();

        var answers = new List<WebhookResponse>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await intake.HandleAsync(Request(V2Body.Replace("4711", (4711 + i).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)), CancellationToken.None));
        }

        var other = await intake.HandleAsync(Request(V2Body, account: "beta"), CancellationToken.None);

        Assert.All(answers.Take(3), a => Assert.Equal(200, a.Status));
        AssertProblem(answers[3], 429);
        Assert.True(answers[3].RetryAfterSeconds > 0);
        Assert.Equal(200, other.Status);
        Assert.Equal(4, _enqueued.Count);
    }

    [Fact]
    public async Task HandleAsync_WrongSecretsDoNotUseUpTheRateLimit()
    {
        _options.RateLimitPerMinute = 2;
        _options.RateLimitBurst = 2;
        var intake = Intake();

        for (var i = 0; i < 5; i++)
        {
            AssertProblem(await intake.HandleAsync(Request(V2Body, secret: "guess"), CancellationToken.None), 401);
        }

        Assert.Equal(200, (await intake.HandleAsync(Request(V2Body), CancellationToken.None)).Status);
    }

    [Fact]
    public async Task HandleAsync_SecretIsCachedBriefly_ThenReadAgain()
    {
        var intake = Intake();

        await intake.HandleAsync(Request(V2Body), CancellationToken.None);
        _time.Advance(_options.SecretCacheDuration / 2);
        await intake.HandleAsync(Request(V2Body), CancellationToken.None);
        _time.Advance(_options.SecretCacheDuration);
        await intake.HandleAsync(Request(V2Body), CancellationToken.None);

        _secrets.Verify(s => s.GetSecretAsync(_options.SecretName, It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task HandleAsync_SignatureRequiredAndValid_IsAccepted()
    {
        _options.RequireSignature = true;

        var response = await Intake().HandleAsync(Request(V2Body, extraHeaders: Signed(V2Body, _time.GetUtcNow())), CancellationToken.None);

        Assert.Equal(200, response.Status);
    }

    [Fact]
    public async Task HandleAsync_SignatureOverADifferentBody_Answers401()
    {
        _options.RequireSignature = true;

        var response = await Intake().HandleAsync(Request(V2Body, extraHeaders: Signed(V2Body.Replace("4711", "4712", StringComparison.Ordinal), _time.GetUtcNow())), CancellationToken.None);

        AssertProblem(response, 401);
        Assert.Empty(_enqueued);
    }

    [Fact]
    public async Task HandleAsync_SignatureTimestampOutsideTheTolerance_Answers401()
    {
        _options.RequireSignature = true;

        var response = await Intake().HandleAsync(Request(V2Body, extraHeaders: Signed(V2Body, _time.GetUtcNow() - _options.SignatureTolerance - TimeSpan.FromSeconds(1))), CancellationToken.None);

        AssertProblem(response, 401);
    }

    [Fact]
    public async Task HandleAsync_SignatureRequiredButMissing_Answers401()
    {
        _options.RequireSignature = true;

        var response = await Intake().HandleAsync(Request(V2Body), CancellationToken.None);

        AssertProblem(response, 401);
    }

    private Dictionary<string, string> Signed(string body, DateTimeOffset at)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(SigningKey), Encoding.UTF8.GetBytes(timestamp + "." + body));
        return new() { [_options.SignatureHeaderName] = "sha256=" + Convert.ToHexString(signature).ToLowerInvariant(), [_options.TimestampHeaderName] = timestamp };
    }
}
