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

    [Theory]
    [InlineData(3.9, null, ConflictStatuses.Open, ConflictWorkflowStep.None)]
    [InlineData(4, null, ConflictStatuses.Open, ConflictWorkflowStep.Remind)]
    [InlineData(5, 4.0, ConflictStatuses.Open, ConflictWorkflowStep.None)]
    [InlineData(24, 4.0, ConflictStatuses.Open, ConflictWorkflowStep.Escalate)]
    [InlineData(30, null, ConflictStatuses.Open, ConflictWorkflowStep.Escalate)]
    [InlineData(30, 4.0, ConflictStatuses.Escalated, ConflictWorkflowStep.None)]
    [InlineData(30, null, ConflictStatuses.Resolved, ConflictWorkflowStep.None)]
    public void Due_HoursWaited_GivesTheStep(double hours, double? remindedAfterHours, string status, ConflictWorkflowStep expected)
    {
        var conflict = Waiting(status: status, reminded: remindedAfterHours is { } r ? Detected.AddHours(r) : null);

        Assert.Equal(expected, ConflictWorkflow.Due(conflict, Detected.AddHours(hours), Options));
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
        return (new ConflictTimeoutSweeper(store, notifier.Object, Microsoft.Extensions.Options.Options.Create(Options), time), store, alerts, time);
    }

    [Fact]
    public async Task Sweeper_ADayWithoutADecision_RemindsOnceThenEscalatesOnce()
    {
        var (sweeper, store, alerts, time) = Sweeper();
        await store.SaveAsync(Waiting(), CancellationToken.None);
        var results = new List<(int, int)>();

        foreach (var hours in new[] { 3, 1, 1, 18, 1, 24 })
        {
            time.Advance(TimeSpan.FromHours(hours));
            results.Add(await sweeper.RunOnceAsync(CancellationToken.None));
        }

        Assert.Equal([(0, 0), (1, 0), (0, 0), (0, 0), (0, 1), (0, 0)], results);
        Assert.Equal(["conflict-reminder", "conflict-escalated"], alerts.Select(a => a.Rule));
        var conflict = store.All.Single();
        Assert.Equal((ConflictStatuses.Escalated, Detected.AddHours(4), Detected.AddHours(24)), (conflict.Status, conflict.RemindedAt, conflict.EscalatedAt));
        Assert.Equal(2, conflict.History!.Count);
    }

    [Fact]
    public async Task Sweeper_RunOnceWithAGivenTime_UsesThatTime()
    {
        var (sweeper, store, alerts, _) = Sweeper();
        await store.SaveAsync(Waiting(), CancellationToken.None);

        Assert.Equal((0, 1), await sweeper.RunOnceAsync(Detected.AddDays(2), CancellationToken.None));
        Assert.Equal(("conflict-escalated", "error"), (alerts.Single().Rule, alerts.Single().Severity));
        Assert.DoesNotContain("@", alerts.Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sweeper_DecidedBeforeTheDeadline_SendsNothing()
    {
        var (sweeper, store, alerts, time) = Sweeper();
        await store.SaveAsync(Waiting() with { Status = ConflictStatuses.Resolved, Decision = ConflictDecisionActions.AcceptPms }, CancellationToken.None);
        time.Advance(TimeSpan.FromDays(3));

        Assert.Equal((0, 0), await sweeper.RunOnceAsync(CancellationToken.None));
        Assert.Empty(alerts);
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
