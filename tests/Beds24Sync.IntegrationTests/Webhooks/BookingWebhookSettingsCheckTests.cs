using Beds24.Api;
using Beds24.Testing;
using Beds24Sync.Accounts;
using Beds24Sync.Alerts;
using Beds24Sync.Webhooks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace Beds24Sync.IntegrationTests.Webhooks;

/// <summary>The daily check of each property's booking webhook, against the simulator's GET /properties.</summary>
[Collection(TestCollections.Azurite)]
public sealed class BookingWebhookSettingsCheckTests(AzuriteFixture azurite)
{
    private static (BookingWebhookSettingsCheck Check, List<AlertEvent> Alerts) Check(SyncHarness h)
    {
        var alerts = new List<AlertEvent>();
        var notifier = new Mock<IAlertNotifier>();
        notifier.Setup(n => n.NotifyAsync(It.IsAny<AlertEvent>(), It.IsAny<CancellationToken>()))
            .Callback((AlertEvent alert, CancellationToken _) => alerts.Add(alert)).Returns(Task.CompletedTask);
        return (new BookingWebhookSettingsCheck(h.Get<IAccountStore>(), h.Get<IBeds24ClientFactory>(), notifier.Object, h.Get<IOptions<WebhookOptions>>(),
            TimeProvider.System, NullLogger<BookingWebhookSettingsCheck>.Instance), alerts);
    }

    [Fact]
    public async Task RunAsync_CardDataAddedToTheWebhook_AlertsNamingThePropertyButNotTheSecret()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        h.Simulator.State.ConfigureBookingWebhook(h.Beds24PropertyId, new Uri("https://app.example/api/integrations/beds24/webhook?account=harbour&code=FUNCTIONKEY"),
            new Dictionary<string, string> { ["X-Beds24-Secret"] = "s3cr3t-value" }, additionalData: "CVC");
        var (check, alerts) = Check(h);
        h.Simulator.State.ResetCounters();

        var found = await check.RunAsync(CancellationToken.None);

        var alert = Assert.Single(alerts);
        Assert.Equal((1, BookingWebhookSettingRules.CardData, "error", SyncHarness.AccountId), (found, alert.Rule, alert.Severity, alert.AccountId));
        Assert.Contains($"Beds24 property {h.Beds24PropertyId}", alert.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", alert.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("FUNCTIONKEY", alert.Message, StringComparison.Ordinal);
        Assert.Equal(1, h.Simulator.State.RequestCount("GET", "properties"));
    }

    [Fact]
    public async Task RunAsync_SoundWebhook_NoAlert_NoWebhook_Warns()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        var (check, alerts) = Check(h);

        await check.RunAsync(CancellationToken.None); // the harness's property has no webhook
        h.Simulator.State.ConfigureBookingWebhook(h.Beds24PropertyId, new Uri("https://app.example/hook?account=harbour"), new Dictionary<string, string> { ["X-Beds24-Secret"] = "s" });
        var afterSetUp = await check.RunAsync(CancellationToken.None);

        Assert.Equal(BookingWebhookSettingRules.NoWebhook, Assert.Single(alerts).Rule);
        Assert.Equal(0, afterSetUp);
    }

    [Fact]
    public async Task RunAsync_DisabledAccount_IsNotRead()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        var account = await h.Get<IAccountStore>().GetAsync(SyncHarness.AccountId, CancellationToken.None);
        await h.Get<IAccountStore>().SaveAsync(account! with { Enabled = false }, CancellationToken.None);
        var (check, alerts) = Check(h);
        h.Simulator.State.ResetCounters();

        await check.RunAsync(CancellationToken.None);

        Assert.Empty(alerts);
        Assert.Equal(0, h.Simulator.State.RequestCount("GET", "properties"));
    }
}
