using System.Text.Json;
using Beds24.Api;
using Beds24.Api.Models;
using Beds24.Testing;
using Beds24Sync.Accounts;
using Beds24Sync.Contracts;
using Beds24Sync.DeadLetters;
using Beds24Sync.Operations;
using Beds24Sync.Secrets;
using Beds24Sync.Storage;
using Beds24Sync.Webhooks;
using Microsoft.Extensions.Options;
using Moq;

namespace Beds24Sync.IntegrationTests.Operations;

/// <summary>/status, /metrics and /health over the real engine on Azurite and the Beds24 simulator.</summary>
[Collection(TestCollections.Azurite)]
public sealed class OperationsEndpointsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Health_EverythingSetUp_HealthyWithTheAccountsToken()
    {
        await using var h = await SyncHarness.StartAsync(azurite);

        var result = await h.Get<HealthService>().CheckAsync(CancellationToken.None);

        Assert.Equal(200, result.Status);
        using var json = JsonDocument.Parse(result.Body);
        Assert.Equal("healthy", json.RootElement.GetProperty("status").GetString());
        var checks = json.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString());
        Assert.Equal(("healthy", "healthy", "healthy"), (checks["storage"], checks["secrets"], checks["beds24:" + SyncHarness.AccountId]));
    }

    [Fact]
    public async Task Health_WebhookSecretMissing_DegradedAndSaysWhatTheWebhookAnswers()
    {
        await using var h = await SyncHarness.StartAsync(azurite, settings: new() { ["Secrets:beds24-webhook-secret"] = "" });

        var result = await h.Get<HealthService>().CheckAsync(CancellationToken.None);
        var webhook = await h.Get<WebhookIntake>().HandleAsync(new WebhookRequest(new Dictionary<string, string> { ["X-Beds24-Secret"] = "anything" },
            new Dictionary<string, string> { ["account"] = SyncHarness.AccountId }, new MemoryStream("{}"u8.ToArray()), 2), CancellationToken.None);

        Assert.Equal(200, result.Status);
        Assert.Contains("\"status\":\"degraded\"", result.Body, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(result.Body);
        var secrets = json.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "secrets").GetProperty("detail").GetString();
        Assert.Contains($"account {SyncHarness.AccountId}", secrets, StringComparison.Ordinal);
        Assert.Contains("503 'Webhook secret not configured'", secrets, StringComparison.Ordinal);
        Assert.Equal(503, webhook.Status); // health and the webhook agree
        Assert.Contains("Webhook secret not configured", webhook.ProblemJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_AccountWithItsOwnWebhookSecret_ChecksThatSecret()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        var accounts = h.Get<IAccountStore>();
        var account = (await accounts.GetAsync(SyncHarness.AccountId, CancellationToken.None))!;
        await accounts.SaveAsync(account with { WebhookSecretName = SecretNames.WebhookSecret(SyncHarness.AccountId) }, CancellationToken.None);

        var missing = await h.Get<HealthService>().CheckAllAsync(CancellationToken.None);
        await h.Get<ISecretStore>().SetSecretAsync(SecretNames.WebhookSecret(SyncHarness.AccountId), "own-secret", CancellationToken.None);
        var set = await h.Get<HealthService>().CheckAllAsync(CancellationToken.None);

        Assert.Equal(HealthStatus.Degraded, missing.Single(c => c.Name == "secrets").Status);
        Assert.Contains(SecretNames.WebhookSecret(SyncHarness.AccountId), missing.Single(c => c.Name == "secrets").Detail, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Healthy, set.Single(c => c.Name == "secrets").Status);
    }

    [Fact]
    public async Task Health_TokenLimitedToOtherIps_DegradedNamingBothIps()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        var client = new Mock<IBeds24Client>();
        client.Setup(c => c.GetTokenDetailsAsync(It.IsAny<CancellationToken>())).ReturnsAsync(new Beds24TokenDetails
        {
            ValidToken = true,
            WhiteListOnly = true,
            WhiteList = ["203.0.113.7"],
            RequestIp = "198.51.100.20",
            Scopes = ["bookings"],
        });
        var factory = new Mock<IBeds24ClientFactory>();
        factory.Setup(f => f.GetClient(SyncHarness.AccountId)).Returns(client.Object);
        var health = new HealthService(h.Get<StorageClients>(), h.Get<ISecretStore>(), h.Get<IOptions<WebhookOptions>>(), h.Get<IAccountStore>(), factory.Object);

        var checks = await health.CheckAllAsync(CancellationToken.None);

        var beds24 = Assert.Single(checks, c => c.Name == "beds24:" + SyncHarness.AccountId);
        Assert.Equal(HealthStatus.Degraded, beds24.Status);
        Assert.Contains("203.0.113.7", beds24.Detail, StringComparison.Ordinal);
        Assert.Contains("198.51.100.20", beds24.Detail, StringComparison.Ordinal);
        Assert.Contains("without an IP whitelist", beds24.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_CountsWaitingMessagesAndDeadLetters_AndMetricsShowTheSame()
    {
        await using var h = await SyncHarness.StartAsync(azurite);
        for (var i = 1; i <= 3; i++)
        {
            await h.SendAsync(StorageNames.Queues.PushBookings, SyncHarness.Booking($"RES-{i}", 1));
        }

        await h.Get<IDeadLetterStore>().AddAsync(new DeadLetterMessage
        {
            MessageId = "dl-1",
            Source = StorageNames.Queues.PushBookings,
            Category = DeadLetterCategories.Permanent,
            Reason = "test",
            Attempts = 1,
            AccountId = SyncHarness.AccountId,
            Subject = "RES-9",
            OriginalMessage = "{}",
            DeadLetteredAt = DateTimeOffset.UtcNow,
        }, CancellationToken.None);
        h.Get<SyncTelemetry>().RecordPush(SyncOutcome.Succeeded, TimeSpan.FromMilliseconds(120));

        var status = await h.Get<StatusEndpoints>().StatusJsonAsync(CancellationToken.None);
        var metrics = await h.Get<StatusEndpoints>().MetricsTextAsync(CancellationToken.None);

        using var json = JsonDocument.Parse(status.Body);
        var root = json.RootElement;
        Assert.Equal(3, root.GetProperty("queueDepths").GetProperty(StorageNames.Queues.PushBookings).GetInt32());
        Assert.Equal(1, root.GetProperty("queueDepths").GetProperty(StorageNames.Queues.DeadLetter).GetInt32());
        Assert.Equal(1, root.GetProperty("deadLetters").GetInt32());
        Assert.Equal(SyncHarness.AccountId, root.GetProperty("accounts")[0].GetProperty("accountId").GetString());
        Assert.Equal(1, root.GetProperty("rolling").GetProperty("changes").GetInt32());
        Assert.Equal((2m, 30m), (root.GetProperty("creditShares").GetProperty("pushesWaitBelow").GetDecimal(), root.GetProperty("creditShares").GetProperty("readsWaitBelow").GetDecimal()));
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", metrics.ContentType);
        Assert.Contains($"beds24sync_queue_depth{{queue=\"{StorageNames.Queues.PushBookings}\"}} 3", metrics.Body, StringComparison.Ordinal);
        Assert.Contains("beds24sync_dead_letters 1", metrics.Body, StringComparison.Ordinal);
        Assert.Contains("beds24sync_latency_ms{quantile=\"0.99\"} 120", metrics.Body, StringComparison.Ordinal);
    }
}
