using Beds24Sync.Conflicts;
using Beds24Sync.Workflows;
using Beds24Sync.Workflows.Calendar;
using Beds24Sync.Workflows.Conflicts;
using Beds24Sync.Workflows.Pull;
using Beds24Sync.Workflows.Push;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Beds24Sync.Workflows.Tests;

public sealed class ConflictOrchestratorTests
{
    private static readonly ConflictWaitInput Input = new("c-1", TimeSpan.FromHours(4), TimeSpan.FromHours(24));

    private static Mock<TaskOrchestrationContext> Context()
    {
        var context = new Mock<TaskOrchestrationContext>();
        context.Setup(c => c.GetInput<ConflictWaitInput>()).Returns(Input);
        context.Setup(c => c.CreateReplaySafeLogger(It.IsAny<string>())).Returns(NullLogger.Instance);
        context.Setup(c => c.CurrentUtcDateTime).Returns(new DateTime(2026, 11, 24, 8, 0, 0, DateTimeKind.Utc));
        return context;
    }

    [Fact]
    public async Task Run_DecisionArrives_AppliesItAndCancelsTheTimer()
    {
        var context = Context();
        var decision = new ConflictDecision(ConflictDecisionActions.AcceptPms, null, "ops");
        CancellationToken timerToken = default;
        context.Setup(c => c.WaitForExternalEvent<ConflictDecision>(ConflictOrchestrator.DecisionEvent, It.IsAny<CancellationToken>())).ReturnsAsync(decision);
        context.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
            .Callback((DateTime _, CancellationToken token) => timerToken = token).Returns(new TaskCompletionSource().Task);
        context.Setup(c => c.CallActivityAsync<string>(new TaskName(WorkflowNames.ApplyDecision), It.IsAny<DecisionRequest>(), It.IsAny<TaskOptions>()))
            .ReturnsAsync(nameof(ResolveStatus.Resolved));

        await ConflictOrchestrator.RunAsync(context.Object);

        Assert.True(timerToken.IsCancellationRequested);
        context.Verify(c => c.CallActivityAsync<string>(new TaskName(WorkflowNames.ApplyDecision), It.Is<DecisionRequest>(r => r.Decision == decision), It.IsAny<TaskOptions>()), Times.Once);
    }

    [Fact]
    public async Task Run_NoDecisionBeforeTheTimer_RemindsAndContinuesAtTheNextStage()
    {
        var context = Context();
        context.Setup(c => c.WaitForExternalEvent<ConflictDecision>(ConflictOrchestrator.DecisionEvent, It.IsAny<CancellationToken>())).Returns(new TaskCompletionSource<ConflictDecision>().Task);
        context.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        context.Setup(c => c.CallActivityAsync<string>(new TaskName(WorkflowNames.RemindOrEscalate), It.IsAny<TimeoutRequest>(), It.IsAny<TaskOptions>()))
            .ReturnsAsync(ConflictStatuses.Open);

        await ConflictOrchestrator.RunAsync(context.Object);

        context.Verify(c => c.CreateTimer(new DateTime(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc), It.IsAny<CancellationToken>()), Times.Once);
        context.Verify(c => c.ContinueAsNew(It.Is<ConflictWaitInput>(i => i.Stage == 1), It.IsAny<bool>()), Times.Once);
    }

    [Fact]
    public async Task Run_InvalidDecision_IsRefusedAndTheWaitGoesOn()
    {
        var context = Context();
        var invalid = new ConflictDecision("delete-everything", null, "ops");
        var valid = new ConflictDecision(ConflictDecisionActions.AcceptBeds24, null, "ops");
        context.SetupSequence(c => c.WaitForExternalEvent<ConflictDecision>(ConflictOrchestrator.DecisionEvent, It.IsAny<CancellationToken>()))
            .ReturnsAsync(invalid).ReturnsAsync(valid);
        context.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>())).Returns(new TaskCompletionSource().Task);
        context.Setup(c => c.CallActivityAsync<string>(new TaskName(WorkflowNames.ApplyDecision), It.IsAny<DecisionRequest>(), It.IsAny<TaskOptions>()))
            .ReturnsAsync(nameof(ResolveStatus.Resolved));

        await ConflictOrchestrator.RunAsync(context.Object);

        context.Verify(c => c.CallActivityAsync<string>(new TaskName(WorkflowNames.ApplyDecision), It.Is<DecisionRequest>(r => r.Decision == invalid), It.IsAny<TaskOptions>()), Times.Never);
        context.Verify(c => c.CallActivityAsync<string>(new TaskName(WorkflowNames.ApplyDecision), It.Is<DecisionRequest>(r => r.Decision == valid), It.IsAny<TaskOptions>()), Times.Once);
    }

    [Fact]
    public async Task Run_SecondStageTimesOut_EscalatesAfterTheRemainingTime()
    {
        var context = Context();
        context.Setup(c => c.GetInput<ConflictWaitInput>()).Returns(Input with { Stage = 1 });
        context.Setup(c => c.WaitForExternalEvent<ConflictDecision>(ConflictOrchestrator.DecisionEvent, It.IsAny<CancellationToken>())).Returns(new TaskCompletionSource<ConflictDecision>().Task);
        context.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        context.Setup(c => c.CallActivityAsync<string>(new TaskName(WorkflowNames.RemindOrEscalate), It.IsAny<TimeoutRequest>(), It.IsAny<TaskOptions>()))
            .ReturnsAsync(ConflictStatuses.Escalated);

        await ConflictOrchestrator.RunAsync(context.Object);

        // Reminder after 4 h, escalation 24 h after the start: the second wait is the remaining 20 h.
        context.Verify(c => c.CreateTimer(new DateTime(2026, 11, 25, 4, 0, 0, DateTimeKind.Utc), It.IsAny<CancellationToken>()), Times.Once);
        context.Verify(c => c.CallActivityAsync<string>(new TaskName(WorkflowNames.RemindOrEscalate), It.Is<TimeoutRequest>(r => r.Stage == 1), It.IsAny<TaskOptions>()), Times.Once);
        context.Verify(c => c.ContinueAsNew(It.Is<ConflictWaitInput>(i => i.Stage == 2), It.IsAny<bool>()), Times.Once);
    }

    [Fact]
    public async Task Run_DecidedElsewhereWhileWaiting_EndsWithoutContinuing()
    {
        var context = Context();
        context.Setup(c => c.WaitForExternalEvent<ConflictDecision>(ConflictOrchestrator.DecisionEvent, It.IsAny<CancellationToken>())).Returns(new TaskCompletionSource<ConflictDecision>().Task);
        context.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        context.Setup(c => c.CallActivityAsync<string>(new TaskName(WorkflowNames.RemindOrEscalate), It.IsAny<TimeoutRequest>(), It.IsAny<TaskOptions>()))
            .ReturnsAsync(ConflictStatuses.Resolved);

        await ConflictOrchestrator.RunAsync(context.Object);

        context.Verify(c => c.ContinueAsNew(It.IsAny<object>(), It.IsAny<bool>()), Times.Never);
    }
}
