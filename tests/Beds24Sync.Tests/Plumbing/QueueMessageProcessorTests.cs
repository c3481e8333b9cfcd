using System.Net;
using Beds24.Api.Errors;
using Beds24Sync.Contracts;
using Beds24Sync.Core;
using Beds24Sync.DeadLetters;
using Beds24Sync.Mapping;
using Beds24Sync.Push;
using Beds24Sync.Queues;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Beds24Sync.Tests.Plumbing;

public sealed class QueueMessageProcessorTests
{
    private const string Body = """{"messageId":"m-9","accountId":"acc","reservation":{"reservationId":"RES-9"}}""";

    private readonly Mock<IDeadLetterStore> _deadLetters = new();
    private readonly Mock<IQueueMessageHandler> _handler = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private readonly List<DeadLetterMessage> _written = [];

    public QueueMessageProcessorTests()
    {
        _handler.SetupGet(h => h.QueueName).Returns("beds24-push-bookings");
        _deadLetters.Setup(d => d.AddAsync(It.IsAny<DeadLetterMessage>(), It.IsAny<CancellationToken>()))
            .Callback((DeadLetterMessage m, CancellationToken _) => _written.Add(m))
            .Returns(Task.CompletedTask);
    }

    private QueueMessageProcessor Processor() => new(_deadLetters.Object, _time);

    private void HandlerThrows(Exception ex) =>
        _handler.Setup(h => h.HandleAsync(It.IsAny<string>(), It.IsAny<int>(), It.IsAny<CancellationToken>())).ThrowsAsync(ex);

    [Fact]
    public async Task ProcessAsync_Handled_IsFinishedWithoutDeadLetter()
    {
        var retry = await Processor().ProcessAsync(_handler.Object, Body, 1, "q1", CancellationToken.None);

        Assert.Null(retry);
        Assert.Empty(_written);
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 25)]
    [InlineData(3, 125)]
    public async Task ProcessAsync_TransientFailureBeforeTheLastAttempt_RetriesAfterThePolicysDelay(int attempt, int seconds)
    {
        HandlerThrows(new Beds24ApiException("unavailable", HttpStatusCode.ServiceUnavailable));

        var retry = await Processor().ProcessAsync(_handler.Object, Body, attempt, "q1", CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(seconds), retry);
        Assert.Empty(_written);
    }

    [Fact]
    public async Task ProcessAsync_TransientFailureOnTheFourthAttempt_DeadLettersAsExhaustedWithEverything()
    {
        HandlerThrows(new Beds24ApiException("unavailable", HttpStatusCode.ServiceUnavailable));

        var retry = await Processor().ProcessAsync(_handler.Object, Body, 4, "q1", CancellationToken.None);

        Assert.Null(retry);
        var dead = Assert.Single(_written);
        Assert.Equal(("m-9", "beds24-push-bookings", DeadLetterCategories.Exhausted, 4), (dead.MessageId, dead.Source, dead.Category, dead.Attempts));
        Assert.Contains("Gave up after 4 attempts", dead.Reason, StringComparison.Ordinal);
        Assert.Equal(Body, dead.OriginalMessage);
        Assert.Equal(("acc", "RES-9"), (dead.AccountId, dead.Subject));
        Assert.Equal(_time.GetUtcNow(), dead.DeadLetteredAt);
        _handler.Verify(h => h.OnDeadLetteredAsync(Body, It.IsAny<CancellationToken>()), Times.Once);
    }

    public static TheoryData<Exception, string> PermanentFailures() => new()
    {
        { SyncFailureException.Permanent("does not match its contract", DeadLetterCategories.Validation), DeadLetterCategories.Validation },
        { new MappingException("no room mapping"), DeadLetterCategories.Mapping },
        { new Beds24AuthenticationException("token revoked", HttpStatusCode.Unauthorized), DeadLetterCategories.Permanent },
    };

    [Theory]
    [MemberData(nameof(PermanentFailures))]
    public async Task ProcessAsync_PermanentFailure_DeadLettersAtOnceWithItsCategory(Exception ex, string category)
    {
        HandlerThrows(ex);

        var retry = await Processor().ProcessAsync(_handler.Object, Body, 1, "q1", CancellationToken.None);

        Assert.Null(retry);
        var dead = Assert.Single(_written);
        Assert.Equal(category, dead.Category);
        Assert.Equal(1, dead.Attempts);
        Assert.Contains(ex.Message, dead.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"messageId":""}""")]
    [InlineData("""{"messageId":42}""")]
    public async Task ProcessAsync_NoUsableMessageId_DeadLettersUnderTheQueueMessageId(string body)
    {
        HandlerThrows(SyncFailureException.Permanent("invalid", DeadLetterCategories.Validation));

        await Processor().ProcessAsync(_handler.Object, body, 1, "q-77", CancellationToken.None);

        Assert.Equal("queue-q-77", Assert.Single(_written).MessageId);
    }

    [Fact]
    public async Task ProcessAsync_HugeMessageId_IsNotUsedAsTheKey()
    {
        HandlerThrows(SyncFailureException.Permanent("invalid", DeadLetterCategories.Validation));

        await Processor().ProcessAsync(_handler.Object, $$"""{"messageId":"{{new string('x', 5000)}}"}""", 1, "q-78", CancellationToken.None);

        Assert.Equal("queue-q-78", Assert.Single(_written).MessageId);
    }

    [Fact]
    public async Task ProcessAsync_Cancelled_PropagatesWithoutDeadLetter()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        HandlerThrows(new OperationCanceledException(cts.Token));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Processor().ProcessAsync(_handler.Object, Body, 1, "q1", cts.Token));

        Assert.Empty(_written);
    }

    [Fact]
    public async Task ProcessAsync_DeadLetterStoreDown_ThrowsSoTheMessageStaysQueued()
    {
        HandlerThrows(new MappingException("no room mapping"));
        _deadLetters.Setup(d => d.AddAsync(It.IsAny<DeadLetterMessage>(), It.IsAny<CancellationToken>())).ThrowsAsync(new Azure.RequestFailedException(503, "storage down"));

        await Assert.ThrowsAsync<Azure.RequestFailedException>(() => Processor().ProcessAsync(_handler.Object, Body, 1, "q1", CancellationToken.None));
    }
}
