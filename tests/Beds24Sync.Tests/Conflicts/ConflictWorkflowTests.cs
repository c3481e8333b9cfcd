using Beds24Sync.Alerts;
using Beds24Sync.Conflicts;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Beds24Sync.Tests.Conflicts;

public sealed class ConflictWorkflowTests
{
    private static readonly DateTimeOffset Detected = ConflictWorld.Start;
    private static readonly ConflictWorkflowOptions Options = new() { ReminderAfter = TimeSpan.FromHours(4), EscalateAfter = TimeSpan.FromHours(24) };

    private static ConflictRecord Waiting(string id = "c-1", string status = ConflictStatuses.Open, DateTimeOffset? reminded = null) => new()
    {
        ConflictId = id,
        AccountId = "acc",
        ReservationId = "RES-" + id,
        Origin = ChangeOrigins.Pms,
        Type = "dates",
        Rule = ConflictRules.Manual,
        Status = status,
        DetectedAt = Detected,
        RemindedAt = reminded,
        Differences = [new FieldDifference("departure", "2030-05-03", "2030-05-05")],
    };

    [Fact]
    public void NextDeadline_EachStage_IsAnAbsoluteTimeFromDetection()
    {
        Assert.Equal(new ConflictDeadline(Detected.AddHours(4), ConflictWorkflowStep.Remind), ConflictWorkflow.NextDeadline(Detected, 0, Options));
        Assert.Equal(new ConflictDeadline(Detected.AddHours(24), ConflictWorkflowStep.Escalate), ConflictWorkflow.NextDeadline(Detected, 1, Options));
        Assert.Null(ConflictWorkflow.NextDeadline(Detected, 2, Options));
    }

    [Fact]
    public void StageOf_FollowsRemindersAndEscalation()
    {
        Assert.Equal(0, ConflictWorkflow.StageOf(Waiting()));
        Assert.Equal(1, ConflictWorkflow.StageOf(Waiting(reminded: Detected.AddHours(4))));
        Assert.Equal(2, ConflictWorkflow.StageOf(Waiting(status: ConflictStatuses.Escalated)));
        Assert.Equal(2, ConflictWorkflow.StageAfter(ConflictWorkflowStep.Escalate, 0));
        Assert.Equal(1, ConflictWorkflow.StageAfter(ConflictWorkflowStep.Remind, 0));
    }

    private static (ConflictTimeoutSweeper Sweeper, InMemoryConflictStore Store, List<AlertEvent> Alerts, FakeTimeProvider Time) Sweeper()
    {
        var store = new InMemoryConflictStore();
        var alerts = new List<AlertEvent>();
        var notifier = new Mock<IAlertNotifier>();
        notifier.Setup(n => n.NotifyAsync(It.IsAny<AlertEvent>(), It.IsAny<CancellationToken>())).Callback((AlertEvent a, CancellationToken _) => alerts.Add(a)).Returns(Task.CompletedTask);
        var time = new FakeTimeProvider(Detected);
        return (new ConflictTimeoutSweeper(store, notifier.Object, time), store, alerts, time);
    }

    [Fact]
    public async Task Advance_ReminderRepeatedByARetriedActivity_RemindsOnlyOnce()
    {
        var (sweeper, store, alerts, time) = Sweeper();
        await store.SaveAsync(Waiting(), CancellationToken.None);
        time.Advance(TimeSpan.FromHours(4));

        var first = await sweeper.AdvanceAsync("c-1", escalate: false, CancellationToken.None);
        var second = await sweeper.AdvanceAsync("c-1", escalate: false, CancellationToken.None);

        Assert.Equal((ConflictStatuses.Open, ConflictStatuses.Open), (first, second));
        Assert.Single(alerts);
    }

    [Fact]
    public async Task Advance_DecidedWhileTheTimerRan_SendsNothingAndSaysResolved()
    {
        var (sweeper, store, alerts, _) = Sweeper();
        var conflict = await store.SaveAsync(Waiting(), CancellationToken.None);
        store.BeforeSave = async _ => await store.SaveAsync(conflict with { Status = ConflictStatuses.Resolved }, CancellationToken.None);

        var status = await sweeper.AdvanceAsync("c-1", escalate: true, CancellationToken.None);

        Assert.Equal(ConflictStatuses.Resolved, status);
        Assert.Empty(alerts);
    }
}
