using Beds24.Testing;
using Beds24Sync.Push;
using Beds24Sync.Validation;
using Beds24Sync.Workflows.Hosting;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Beds24Sync.Workflows.Tests;

/// <summary>
/// A booking message that finds its reservation's push running: the push may already have read the link for the last
/// time, so the handler waits (briefly) for it to end and starts it again; a push still busy is left to read it.
/// </summary>
public sealed class BookingPushStartHandlerTests
{
    private const string Message = """
        {"messageId":"m-1","schemaVersion":1,"action":"upsert","accountId":"harbour","version":7,"occurredAt":"2026-11-24T09:15:00Z",
         "reservation":{"reservationId":"RES-1","propertyId":"HARBOUR","roomTypeId":"DBL","status":"confirmed","arrival":"2026-12-20",
         "departure":"2026-12-23","adults":2,"children":0,"guest":{"firstName":"Ann","lastName":"Guest"},"totalAmount":540.00,"currency":"EUR"}}
        """;

    private static BookingPushIntake Intake() =>
        new(new ContractValidator(), new InMemoryBookingLinkStore(), new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 16, 0, TimeSpan.Zero)), NullLogger<BookingPushIntake>.Instance);

    private static Mock<DurableTaskClient> Durable(params OrchestrationRuntimeStatus[] statuses)
    {
        var durable = new Mock<DurableTaskClient>("test");
        var answers = new Queue<OrchestrationRuntimeStatus>(statuses);
        durable.Setup(d => d.GetInstanceAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string id, bool _, CancellationToken _) => new OrchestrationMetadata(WorkflowNames.BookingPushOrchestrator, id) { RuntimeStatus = answers.Count > 1 ? answers.Dequeue() : answers.Peek() });
        durable.Setup(d => d.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((TaskName _, object? _, StartOrchestrationOptions? o, CancellationToken _) => o!.InstanceId!);
        return durable;
    }

    /// <summary>The wait for the push's end answers only when the grace cancels it.</summary>
    private static void WaitNeverAnswers(Mock<DurableTaskClient> durable) =>
        durable.Setup(d => d.WaitForInstanceCompletionAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .Returns(async (string _, bool _, CancellationToken ct) =>
            {
                await Task.Delay(Timeout.Infinite, ct);
                return null!;
            });

    [Fact]
    public async Task HandleAsync_RunningPushEndsWithinTheGrace_StartsItAgainForThisVersion()
    {
        var durable = Durable(OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Completed);
        durable.Setup(d => d.WaitForInstanceCompletionAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string id, bool _, CancellationToken _) => new OrchestrationMetadata(WorkflowNames.BookingPushOrchestrator, id) { RuntimeStatus = OrchestrationRuntimeStatus.Completed });
        var handler = new BookingPushStartHandler(Intake(), durable.Object, new WorkflowOptions());

        await handler.HandleAsync(Message, 1, CancellationToken.None);

        durable.Verify(d => d.ScheduleNewOrchestrationInstanceAsync(new TaskName(WorkflowNames.BookingPushOrchestrator), It.IsAny<object?>(),
            It.Is<StartOrchestrationOptions?>(o => o!.InstanceId!.Contains("RES-1", StringComparison.Ordinal)), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task HandleAsync_RunningPushStillBusyAfterTheGrace_LeavesItRunning()
    {
        var durable = Durable(OrchestrationRuntimeStatus.Running);
        WaitNeverAnswers(durable);
        var handler = new BookingPushStartHandler(Intake(), durable.Object, new WorkflowOptions { RunningPushGrace = TimeSpan.FromMilliseconds(50) });

        await handler.HandleAsync(Message, 1, CancellationToken.None);

        durable.Verify(d => d.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task HandleAsync_WaitMissesTheEnd_StatusReadAfterTheGraceStartsItAgain()
    {
        // The wait never answers (an end it missed as it began), but the push has ended by the time the grace is over.
        var durable = Durable(OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Completed);
        WaitNeverAnswers(durable);
        var handler = new BookingPushStartHandler(Intake(), durable.Object, new WorkflowOptions { RunningPushGrace = TimeSpan.FromMilliseconds(50) });

        await handler.HandleAsync(Message, 1, CancellationToken.None);

        durable.Verify(d => d.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task HandleAsync_NoGrace_DoesNotWaitForTheRunningPush()
    {
        var durable = Durable(OrchestrationRuntimeStatus.Running);
        var handler = new BookingPushStartHandler(Intake(), durable.Object, new WorkflowOptions { RunningPushGrace = TimeSpan.Zero });

        await handler.HandleAsync(Message, 1, CancellationToken.None);

        durable.Verify(d => d.WaitForInstanceCompletionAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()), Times.Never);
        durable.Verify(d => d.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }
}
