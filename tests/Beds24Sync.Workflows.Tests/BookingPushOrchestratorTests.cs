using Beds24Sync.Workflows;
using Beds24Sync.Workflows.Calendar;
using Beds24Sync.Workflows.Conflicts;
using Beds24Sync.Workflows.Pull;
using Beds24Sync.Workflows.Push;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Beds24Sync.Workflows.Tests;

/// <summary>The orchestrator's decisions, with TaskOrchestrationContext mocked (the documented isolated-worker approach).</summary>
public sealed class BookingPushOrchestratorTests
{
    private static readonly PushRequest Request = new("harbour", "RES-1", 3);

    private static Mock<TaskOrchestrationContext> Context()
    {
        var context = new Mock<TaskOrchestrationContext>();
        context.Setup(c => c.GetInput<PushRequest>()).Returns(Request);
        context.Setup(c => c.CreateReplaySafeLogger(It.IsAny<string>())).Returns(NullLogger.Instance);
        return context;
    }

    [Fact]
    public async Task Run_PushSucceeds_NoDeadLetterNoContinue()
    {
        var context = Context();
        context.Setup(c => c.CallActivityAsync<PushActivityResult>(It.IsAny<TaskName>(), Request, It.IsAny<TaskOptions>()))
            .ReturnsAsync(new PushActivityResult(true, false, null, null));

        await BookingPushOrchestrator.RunAsync(context.Object);

        context.Verify(c => c.CallActivityAsync(new TaskName(WorkflowNames.DeadLetterPush), It.IsAny<object>(), It.IsAny<TaskOptions>()), Times.Never);
        context.Verify(c => c.ContinueAsNew(It.IsAny<object>(), It.IsAny<bool>()), Times.Never);
    }

    [Fact]
    public async Task Run_UsesTheFiveTwentyFiveOneTwentyFivePolicy()
    {
        var context = Context();
        TaskOptions? used = null;
        context.Setup(c => c.CallActivityAsync<PushActivityResult>(It.IsAny<TaskName>(), Request, It.IsAny<TaskOptions>()))
            .Callback((TaskName _, object _, TaskOptions options) => used = options)
            .ReturnsAsync(new PushActivityResult(true, false, null, null));

        await BookingPushOrchestrator.RunAsync(context.Object);

        var policy = used!.Retry!.Policy!;
        Assert.Equal(4, policy.MaxNumberOfAttempts);
        Assert.Equal(TimeSpan.FromSeconds(5), policy.FirstRetryInterval);
        Assert.Equal(5, policy.BackoffCoefficient);
    }

    [Fact]
    public async Task Run_PermanentFailure_IsDeadLetteredWithItsReason()
    {
        var context = Context();
        context.Setup(c => c.CallActivityAsync<PushActivityResult>(It.IsAny<TaskName>(), Request, It.IsAny<TaskOptions>()))
            .ReturnsAsync(new PushActivityResult(false, false, "No room mapping", "mapping"));

        await BookingPushOrchestrator.RunAsync(context.Object);

        context.Verify(c => c.CallActivityAsync(new TaskName(WorkflowNames.DeadLetterPush),
            It.Is<DeadLetterRequest>(d => d.Category == "mapping" && d.Reason == "No room mapping"), It.IsAny<TaskOptions>()), Times.Once);
    }

    [Fact]
    public async Task Run_NewerVersionPending_ContinuesAsNew()
    {
        var context = Context();
        context.Setup(c => c.CallActivityAsync<PushActivityResult>(It.IsAny<TaskName>(), Request, It.IsAny<TaskOptions>()))
            .ReturnsAsync(new PushActivityResult(true, true, null, null));

        await BookingPushOrchestrator.RunAsync(context.Object);

        context.Verify(c => c.ContinueAsNew(Request, It.IsAny<bool>()), Times.Once);
    }

    [Fact]
    public async Task Run_EveryRetryFails_DeadLettersAsExhaustedWithTheLastError()
    {
        var context = Context();
        context.Setup(c => c.CallActivityAsync<PushActivityResult>(It.IsAny<TaskName>(), Request, It.IsAny<TaskOptions>()))
            .ThrowsAsync(new TaskFailedException(WorkflowNames.PushBooking, 1, new HttpRequestException("Beds24 answered 503")));

        await BookingPushOrchestrator.RunAsync(context.Object);

        context.Verify(c => c.CallActivityAsync(new TaskName(WorkflowNames.DeadLetterPush),
            It.Is<DeadLetterRequest>(d => d.Category == "exhausted" && d.Reason.Contains("503") && d.Push == Request), It.IsAny<TaskOptions>()), Times.Once);
        context.Verify(c => c.ContinueAsNew(It.IsAny<object>(), It.IsAny<bool>()), Times.Never);
    }

    [Fact]
    public void InstanceId_IsFixedPerAccountAndReservation() =>
        Assert.Equal(new PushRequest("harbour", "RES-1", 9).InstanceId, Request.InstanceId);
}
