using System.Text.Json;
using Beds24Sync.Accounts;
using Beds24Sync.Contracts;
using Beds24Sync.Queues;
using Beds24Sync.Secrets;
using Beds24Sync.Storage;
using Beds24Sync.Webhooks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Beds24Sync.Tests.Webhooks;

/// <summary>
/// Version 1 booking webhooks as Beds24 documents them: a GET with no body and <c>?bookid=…&amp;status=…</c> appended
/// to our URL; the secret comes as the custom header where Beds24 sends one, else as <c>key</c> in the URL.
/// </summary>
public sealed class WebhookVersion1Tests
{
    private const string Secret = "header-secret-value";
    private readonly Mock<ISecretStore> _secrets = new();
    private readonly Mock<IQueuePublisher> _queues = new();
    private readonly Mock<IWebhookEventStore> _events = new();
    private readonly Dictionary<string, Beds24Account> _accounts = new() { ["acme"] = new() { AccountId = "acme", RefreshTokenSecretName = "beds24-refresh-acme" } };
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
    private readonly WebhookOptions _options = new();
    private readonly List<InboundWorkItem> _enqueued = [];
    private readonly List<string> _keys = [];

    public WebhookVersion1Tests()
    {
        _secrets.Setup(s => s.GetSecretAsync(_options.SecretName, It.IsAny<CancellationToken>())).ReturnsAsync(Secret);
        _queues.Setup(q => q.SendAsync(StorageNames.Queues.Beds24Inbound, It.IsAny<InboundWorkItem>(), null, It.IsAny<CancellationToken>()))
            .Callback((string _, InboundWorkItem item, TimeSpan? _, CancellationToken _) => _enqueued.Add(item)).Returns(Task.CompletedTask);
        _events.Setup(e => e.SeenAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string _, string key, CancellationToken _) => _keys.Contains(key));
        _events.Setup(e => e.RecordAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<long>(), It.IsAny<CancellationToken>()))
            .Callback((string _, string key, long _, CancellationToken _) => _keys.Add(key)).Returns(Task.CompletedTask);
    }

    private WebhookAccountGate Gate()
    {
        var accounts = new Mock<IAccountStore>();
        accounts.Setup(a => a.GetAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((string id, CancellationToken _) => _accounts.GetValueOrDefault(id));
        return new WebhookAccountGate(accounts.Object, Options.Create(_options), _time);
    }

    private WebhookIntake Intake() => new(_secrets.Object, _queues.Object, _events.Object, Gate(), Options.Create(_options), _time, new Microsoft.Extensions.Logging.Testing.FakeLogger<WebhookIntake>());

    private static WebhookRequest Get(string query, Dictionary<string, string>? headers = null) =>
        new(headers ?? [], query.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1])), new MemoryStream(), 0);

    [Fact]
    public async Task HandleAsync_GetWithKeyInTheUrl_IsAcceptedAndEnqueuesTheBooking()
    {
        var response = await Intake().HandleAsync(Get($"account=acme&key={Secret}&bookid=4711&status=new"), CancellationToken.None);

        Assert.Equal(200, response.Status);
        var item = Assert.Single(_enqueued);
        Assert.Equal(("acme", 4711L), (item.AccountId, Assert.Single(item.BookingIds)));
    }

    [Fact]
    public async Task HandleAsync_GetWithTheCustomHeader_IsAccepted()
    {
        var response = await Intake().HandleAsync(Get("account=acme&bookid=4711&status=modify", new() { ["X-Beds24-Secret"] = Secret }), CancellationToken.None);

        Assert.Equal(200, response.Status);
        Assert.Single(_enqueued);
    }

    [Theory]
    [InlineData("account=acme&bookid=4711&status=new")]
    [InlineData("account=acme&key=wrong&bookid=4711&status=new")]
    [InlineData("account=acme&key=header-secret-valu&bookid=4711&status=new")]
    public async Task HandleAsync_GetWithoutTheRightKey_Is401AndEnqueuesNothing(string query)
    {
        var response = await Intake().HandleAsync(Get(query), CancellationToken.None);

        Assert.Equal(401, response.Status);
        Assert.Empty(_enqueued);
    }

    [Theory]
    [InlineData("bookid=abc&status=new")]
    [InlineData("bookid=-3&status=new")]
    [InlineData("bookid=4711&status=deleted-everything")]
    public async Task HandleAsync_GetWithBadParameters_Is400WithAReason(string parameters)
    {
        var response = await Intake().HandleAsync(Get($"account=acme&key={Secret}&{parameters}"), CancellationToken.None);

        Assert.Equal(400, response.Status);
        Assert.False(string.IsNullOrWhiteSpace(JsonDocument.Parse(response.ProblemJson!).RootElement.GetProperty("detail").GetString()));
        Assert.Empty(_enqueued);
    }

    [Fact]
    public async Task HandleAsync_SameV1DeliveryTwiceInAMinute_IsOneEventButADifferentStatusIsAnother()
    {
        var intake = Intake();

        await intake.HandleAsync(Get($"account=acme&key={Secret}&bookid=4711&status=new"), CancellationToken.None);
        await intake.HandleAsync(Get($"account=acme&key={Secret}&bookid=4711&status=new"), CancellationToken.None);
        await intake.HandleAsync(Get($"account=acme&key={Secret}&bookid=4711&status=cancel"), CancellationToken.None);

        Assert.Equal(2, _enqueued.Count);
    }
}
