using Beds24Sync.Workflows;
using Beds24Sync.Workflows.Calendar;
using Beds24Sync.Workflows.Conflicts;
using Beds24Sync.Workflows.Pull;
using Beds24Sync.Workflows.Push;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Beds24Sync.Workflows.Tests;

public sealed class CalendarFlushOrchestratorTests
{
    private static readonly DateTime Now = new(2026, 11, 24, 8, 0, 0, DateTimeKind.Utc);

    private static Mock<TaskOrchestrationContext> Context(CalendarFlushInput input)
    {
        var context = new Mock<TaskOrchestrationContext>();
        context.Setup(c => c.GetInput<CalendarFlushInput>()).Returns(input);
        context.Setup(c => c.CreateReplaySafeLogger(It.IsAny<string>())).Returns(NullLogger.Instance);
        context.Setup(c => c.CurrentUtcDateTime).Returns(Now);
        context.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        return context;
    }

    [Fact]
    public async Task Run_CellsFlushed_WaitsTheWindowThenContinuesForMore()
    {
        var context = Context(new CalendarFlushInput("harbour"));
        context.Setup(c => c.CallActivityAsync<int>(new TaskName(WorkflowNames.FlushCalendar), "harbour", It.IsAny<TaskOptions>())).ReturnsAsync(120);

        await CalendarFlushOrchestrator.RunAsync(context.Object);

        context.Verify(c => c.CreateTimer(Now + CalendarFlushOrchestrator.CoalescingWindow, It.IsAny<CancellationToken>()), Times.Once);
        context.Verify(c => c.ContinueAsNew(new CalendarFlushInput("harbour", 0), It.IsAny<bool>()), Times.Once);
    }

    [Fact]
    public async Task Run_NothingPending_Ends()
    {
        var context = Context(new CalendarFlushInput("harbour"));
        context.Setup(c => c.CallActivityAsync<int>(new TaskName(WorkflowNames.FlushCalendar), "harbour", It.IsAny<TaskOptions>())).ReturnsAsync(0);

        await CalendarFlushOrchestrator.RunAsync(context.Object);

        context.Verify(c => c.ContinueAsNew(It.IsAny<object>(), It.IsAny<bool>()), Times.Never);
    }

    [Fact]
    public async Task Run_FlushUsesTheSameRetryPolicyAsPushes()
    {
        var context = Context(new CalendarFlushInput("harbour"));
        TaskOptions? used = null;
        context.Setup(c => c.CallActivityAsync<int>(new TaskName(WorkflowNames.FlushCalendar), "harbour", It.IsAny<TaskOptions>()))
            .Callback((TaskName _, object _, TaskOptions options) => used = options).ReturnsAsync(0);

        await CalendarFlushOrchestrator.RunAsync(context.Object);

        var policy = used!.Retry!.Policy!;
        Assert.Equal((4, TimeSpan.FromSeconds(5), 5d), (policy.MaxNumberOfAttempts, policy.FirstRetryInterval, policy.BackoffCoefficient));
    }

    [Fact]
    public async Task Run_EveryRetryFails_AlertsAndTriesAnotherRoundLater()
    {
        var context = Context(new CalendarFlushInput("harbour"));
        context.Setup(c => c.CallActivityAsync<int>(new TaskName(WorkflowNames.FlushCalendar), "harbour", It.IsAny<TaskOptions>()))
            .ThrowsAsync(new TaskFailedException(WorkflowNames.FlushCalendar, 1, new InvalidOperationException("Beds24 unavailable")));

        await CalendarFlushOrchestrator.RunAsync(context.Object);

        context.Verify(c => c.CallActivityAsync(new TaskName(WorkflowNames.ReportCalendarFlushFailure),
            It.Is<CalendarFlushFailure>(f => f.Round == 1 && !f.GiveUp && f.Reason.Contains("Beds24 unavailable")), It.IsAny<TaskOptions>()), Times.Once);
        context.Verify(c => c.ContinueAsNew(new CalendarFlushInput("harbour", 1), It.IsAny<bool>()), Times.Once);
    }

    [Fact]
    public async Task Run_LastRoundFails_GivesUpWithADeadLetterAndStops()
    {
        var context = Context(new CalendarFlushInput("harbour", CalendarFlushOrchestrator.MaxFailedRounds - 1));
        context.Setup(c => c.CallActivityAsync<int>(new TaskName(WorkflowNames.FlushCalendar), "harbour", It.IsAny<TaskOptions>()))
            .ThrowsAsync(new TaskFailedException(WorkflowNames.FlushCalendar, 1, new InvalidOperationException("still down")));

        await CalendarFlushOrchestrator.RunAsync(context.Object);

        context.Verify(c => c.CreateTimer(Now + CalendarFlushOrchestrator.RetryRoundDelay, It.IsAny<CancellationToken>()), Times.Once);
        context.Verify(c => c.CallActivityAsync(new TaskName(WorkflowNames.ReportCalendarFlushFailure),
            It.Is<CalendarFlushFailure>(f => f.GiveUp), It.IsAny<TaskOptions>()), Times.Once);
        context.Verify(c => c.ContinueAsNew(It.IsAny<object>(), It.IsAny<bool>()), Times.Never);
    }
}
