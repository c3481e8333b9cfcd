using System.Text.Json.Nodes;
using Beds24.Api;
using Beds24Sync.Alerts;
using Beds24Sync.Operations;

namespace Beds24Sync.Tests.Operations;

/// <summary>/status and /metrics render one <see cref="SyncStatus"/> reading: JSON for people and tools, Prometheus text for scrapers.</summary>
public sealed class StatusRenderingTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);

    private static SyncStatus Reading(double? p95 = 120) => new(
        Now,
        [new AccountStatus("harbour", true, 2, Now.AddMinutes(-5), TimeSpan.FromSeconds(330), 87.5m, Now.AddMinutes(3)),
         new AccountStatus("odd\"name", false, 0, null, null, 5m, null)],
        new Dictionary<string, int> { ["beds24-push-bookings"] = 4 },
        OpenConflicts: 1, ConflictsTotal: 3, DeadLetters: 2,
        [new AlertEvent("dead-letters", "warning", "2 dead letters", Now, "harbour")],
        new TelemetrySnapshot(10, 0.9, 50, p95, null, 0.1, 1, null) { Failures = 1, Conflicts = 1, ApiErrorRate = 0.05 });

    [Fact]
    public void StatusJson_Reading_HasAccountsQueuesRollingFiguresAndCreditShares()
    {
        var json = JsonNode.Parse(StatusJson.Render(Reading(), new Beds24ClientOptions { CreditReserve = 2, BookingPushCreditReserve = 15, BackgroundCreditReserve = 30 }))!;

        Assert.Equal("harbour", (string?)json["accounts"]![0]!["accountId"]);
        Assert.Equal(330, (double)json["accounts"]![0]!["cursorLagSeconds"]!);
        Assert.Equal(87.5m, (decimal)json["accounts"]![0]!["creditsLeft"]!);
        Assert.Equal(4, (int)json["queueDepths"]!["beds24-push-bookings"]!);
        Assert.Equal(120, (double)json["rolling"]!["latencyMs"]!["p95"]!);
        Assert.Equal(2m, (decimal)json["creditShares"]!["pushesWaitBelow"]!);
        Assert.Equal(15m, (decimal)json["creditShares"]!["bookingPushesWaitBelow"]!);
        Assert.Equal(30m, (decimal)json["creditShares"]!["readsWaitBelow"]!);
        Assert.Equal("dead-letters", (string?)json["recentAlerts"]![0]!["rule"]);
    }

    [Fact]
    public void PrometheusText_Reading_EscapesLabelsAndLeavesOutFiguresWithoutSamples()
    {
        var text = PrometheusText.Render(Reading(p95: null));

        Assert.Contains("beds24sync_queue_depth{queue=\"beds24-push-bookings\"} 4", text, StringComparison.Ordinal);
        Assert.Contains("beds24sync_credits_left{account=\"harbour\"} 87.5", text, StringComparison.Ordinal);
        Assert.Contains("beds24sync_latency_ms{quantile=\"0.5\"} 50", text, StringComparison.Ordinal);
        Assert.DoesNotContain("quantile=\"0.95\"", text, StringComparison.Ordinal);
        Assert.Contains("beds24sync_credits_left{account=\"odd\\\"name\"} 5", text, StringComparison.Ordinal);
        Assert.Contains("beds24sync_cursor_lag_seconds{account=\"harbour\"} 330", text, StringComparison.Ordinal);
        Assert.DoesNotContain("beds24sync_cursor_lag_seconds{account=\"odd", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE beds24sync_dead_letters gauge", text, StringComparison.Ordinal);
    }
}
