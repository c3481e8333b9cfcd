using Beds24Sync.Pull;
using Beds24Sync.Workflows;
using Beds24Sync.Workflows.Calendar;
using Beds24Sync.Workflows.Conflicts;
using Beds24Sync.Workflows.Pull;
using Beds24Sync.Workflows.Push;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Beds24Sync.Workflows.Tests;

public sealed class FullPullOrchestratorTests
{
    private static ReconciliationReport Report(long property, int missing) =>
        new("harbour", property, 100, missing, 0, 100 - missing, 0, 0, 0, 0, 0, TimeSpan.FromSeconds(3));

    [Fact]
    public async Task Run_FansOutOneActivityPerPropertyAndReportsEach()
    {
        var context = new Mock<TaskOrchestrationContext>();
        context.Setup(c => c.CreateReplaySafeLogger(It.IsAny<string>())).Returns(NullLogger.Instance);
        context.Setup(c => c.CallActivityAsync<IReadOnlyList<FullPullTarget>>(new TaskName(WorkflowNames.PlanFullPull), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync([new FullPullTarget("harbour", 1), new FullPullTarget("harbour", 2), new FullPullTarget("harbour", 3)]);
        context.Setup(c => c.CallActivityAsync<ReconciliationReport>(new TaskName(WorkflowNames.ReconcileProperty), It.IsAny<FullPullTarget>(), It.IsAny<TaskOptions>()))
            .Returns((TaskName _, object target, TaskOptions _) => Task.FromResult(Report(((FullPullTarget)target).Beds24PropertyId, 1)));

        var summary = await FullPullOrchestrator.RunAsync(context.Object);

        Assert.Equal([1L, 2L, 3L], summary.Reports.Select(r => r.Beds24PropertyId).Order());
        Assert.Empty(summary.Failures);
        context.Verify(c => c.CallActivityAsync(new TaskName(WorkflowNames.ReportFullPullFailures), It.IsAny<object>(), It.IsAny<TaskOptions>()), Times.Never);
    }

    [Fact]
    public async Task Run_OnePropertyFails_OthersStillReportAndTheFailureIsAlerted()
    {
        var context = new Mock<TaskOrchestrationContext>();
        context.Setup(c => c.CreateReplaySafeLogger(It.IsAny<string>())).Returns(NullLogger.Instance);
        context.Setup(c => c.CallActivityAsync<IReadOnlyList<FullPullTarget>>(new TaskName(WorkflowNames.PlanFullPull), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync([new FullPullTarget("harbour", 1), new FullPullTarget("harbour", 2)]);
        context.Setup(c => c.CallActivityAsync<ReconciliationReport>(new TaskName(WorkflowNames.ReconcileProperty), new FullPullTarget("harbour", 1), It.IsAny<TaskOptions>()))
            .ReturnsAsync(Report(1, 0));
        context.Setup(c => c.CallActivityAsync<ReconciliationReport>(new TaskName(WorkflowNames.ReconcileProperty), new FullPullTarget("harbour", 2), It.IsAny<TaskOptions>()))
            .ThrowsAsync(new TaskFailedException(WorkflowNames.ReconcileProperty, 2, new InvalidOperationException("credits exhausted")));

        var summary = await FullPullOrchestrator.RunAsync(context.Object);

        Assert.Equal(1, Assert.Single(summary.Reports).Beds24PropertyId);
        var failure = Assert.Single(summary.Failures);
        Assert.Equal((2L, true), (failure.Beds24PropertyId, failure.Reason.Contains("credits exhausted")));
        context.Verify(c => c.CallActivityAsync(new TaskName(WorkflowNames.ReportFullPullFailures),
            It.Is<IReadOnlyList<FullPullFailure>>(f => f.Count == 1), It.IsAny<TaskOptions>()), Times.Once);
    }
}
