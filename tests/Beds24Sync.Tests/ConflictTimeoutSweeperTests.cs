using Beds24Sync.Alerts;
using Beds24Sync.Conflicts;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Beds24Sync.Tests;

public sealed class ConflictTimeoutSweeperTests
{
    private static readonly DateTimeOffset Detected = DateTimeOffset.Parse("2026-11-24T08:00:00Z");

    private static ConflictRecord Open(string id, DateTimeOffset? reminded = null) => new()
    {
        ConflictId = id,
        AccountId = "a",
        ReservationId = "r-" + id,
        Origin = "pms",
        Type = "dates",
        Rule = "manual",
        Status = ConflictStatuses.Open,
        DetectedAt = Detected,
        RemindedAt = reminded,
        Differences = [],
    };

    private static (ConflictTimeoutSweeper Sweeper, Mock<IConflictStore> Store, List<AlertEvent> Alerts, FakeTimeProvider Time) Build(params ConflictRecord[] conflicts)
    {
        var store = new Mock<IConflictStore>();
        store.Setup(s => s.ListAsync(It.IsAny<CancellationToken>())).Returns(conflicts.ToAsyncEnumerable());
        store.Setup(s => s.SaveAsync(It.IsAny<ConflictRecord>(), It.IsAny<CancellationToken>())).ReturnsAsync((ConflictRecord c, CancellationToken _) => c);
        var alerts = new List<AlertEvent>();
        var notifier = new Mock<IAlertNotifier>();
        notifier.Setup(n => n.NotifyAsync(It.IsAny<AlertEvent>(), It.IsAny<CancellationToken>())).Callback((AlertEvent a, CancellationToken _) => alerts.Add(a)).Returns(Task.CompletedTask);
        var time = new FakeTimeProvider(Detected);
        var options = Options.Create(new ConflictWorkflowOptions { ReminderAfter = TimeSpan.FromHours(4), EscalateAfter = TimeSpan.FromHours(24) });
        return (new ConflictTimeoutSweeper(store.Object, notifier.Object, time), store, alerts, time);
    }

    [Fact]
    public async Task Advance_ConflictDecidedMeanwhile_SendsNothing()
    {
        var (sweeper, store, alerts, _) = Build();
        store.Setup(s => s.GetAsync("c", It.IsAny<CancellationToken>())).ReturnsAsync(Open("c") with { Status = ConflictStatuses.Resolved });

        Assert.Equal(ConflictStatuses.Resolved, await sweeper.AdvanceAsync("c", escalate: true, CancellationToken.None));
        Assert.Empty(alerts);
    }

    [Fact]
    public async Task Advance_Escalate_MarksEscalatedAndAlerts()
    {
        var (sweeper, store, alerts, _) = Build();
        store.Setup(s => s.GetAsync("c", It.IsAny<CancellationToken>())).ReturnsAsync(Open("c"));

        Assert.Equal(ConflictStatuses.Escalated, await sweeper.AdvanceAsync("c", escalate: true, CancellationToken.None));
        Assert.Equal("conflict-escalated", Assert.Single(alerts).Rule);
    }
}
