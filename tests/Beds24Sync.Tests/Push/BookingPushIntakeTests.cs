using Azure;
using Beds24Sync.Contracts;
using Beds24Sync.Core;
using Beds24Sync.Push;
using Beds24Sync.Validation;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Beds24Sync.Tests.Push;

public sealed class BookingPushIntakeTests
{
    private readonly PushTestKit _kit = new();

    private BookingPushIntake CreateIntake() => new(new ContractValidator(), _kit.Links.Object, _kit.Time, NullLogger<BookingPushIntake>.Instance);

    private static string Json(PmsBookingMessage message) => SyncJson.Serialize(message);

    [Fact]
    public async Task AcceptAsync_MessageBreaksTheContract_ThrowsPermanentValidationListingEveryError()
    {
        const string body = """{"messageId":"m","schemaVersion":1,"action":"upsert","accountId":"acc","version":-1,"colour":"red"}""";

        var failure = await Assert.ThrowsAsync<SyncFailureException>(() => CreateIntake().AcceptAsync(body, CancellationToken.None));

        Assert.False(failure.IsTransient);
        Assert.Equal(DeadLetterCategories.Validation, failure.Category);
        Assert.Contains("reservation", failure.Message, StringComparison.Ordinal);
        Assert.Contains("version", failure.Message, StringComparison.Ordinal);
        Assert.Contains("colour", failure.Message, StringComparison.Ordinal);
        Assert.Empty(_kit.Saved);
    }

    [Fact]
    public async Task AcceptAsync_DepartureNotAfterArrival_ThrowsPermanentValidation()
    {
        var message = PushTestKit.Message(1, nights: 0);

        var failure = await Assert.ThrowsAsync<SyncFailureException>(() => CreateIntake().AcceptAsync(Json(message), CancellationToken.None));

        Assert.Equal(DeadLetterCategories.Validation, failure.Category);
        Assert.Contains("departure", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptAsync_FirstMessageOfAReservation_StoresItAsPendingOnANewLink()
    {
        var body = Json(PushTestKit.Message(4));

        var result = await CreateIntake().AcceptAsync(body, CancellationToken.None);

        Assert.Equal(BookingIntakeOutcome.Accepted, result.Outcome);
        Assert.True(result.NeedsPush);
        var saved = Assert.Single(_kit.Saved);
        Assert.Equal(default, saved.ETag); // an insert
        Assert.Equal(4, saved.PendingVersion);
        Assert.Equal(body, saved.PendingMessage);
        Assert.Equal(_kit.Time.GetUtcNow(), saved.PendingSince);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(3)]
    public async Task AcceptAsync_VersionAlreadyApplied_IsDroppedAsStale(long version)
    {
        _kit.Stored = new BookingLinks.BookingLink { AccountId = PushTestKit.AccountId, ReservationId = PushTestKit.ReservationId, PmsVersion = 5, PendingVersion = 5, ETag = new ETag("e") };

        var result = await CreateIntake().AcceptAsync(Json(PushTestKit.Message(version)), CancellationToken.None);

        Assert.Equal(BookingIntakeOutcome.Stale, result.Outcome);
        Assert.False(result.NeedsPush);
        Assert.Empty(_kit.Saved);
    }

    [Fact]
    public async Task AcceptAsync_OlderThanWhatIsPending_KeepsTheNewerPending()
    {
        _kit.Pending(PushTestKit.Message(7), appliedVersion: 2);

        var result = await CreateIntake().AcceptAsync(Json(PushTestKit.Message(6)), CancellationToken.None);

        Assert.Equal(BookingIntakeOutcome.AlreadyPending, result.Outcome);
        Assert.True(result.NeedsPush); // a push still runs: it sends version 7
        Assert.Empty(_kit.Saved);
        Assert.Equal(7, _kit.Stored!.PendingVersion);
    }

    [Fact]
    public async Task AcceptAsync_NewerThanWhatIsPending_ReplacesIt()
    {
        _kit.Pending(PushTestKit.Message(7), appliedVersion: 2);
        var newer = Json(PushTestKit.Message(8, nights: 6));

        var result = await CreateIntake().AcceptAsync(newer, CancellationToken.None);

        Assert.Equal(BookingIntakeOutcome.Accepted, result.Outcome);
        Assert.Equal(8, _kit.Stored!.PendingVersion);
        Assert.Equal(newer, _kit.Stored.PendingMessage);
        Assert.Equal(2, _kit.Stored.PmsVersion);
    }

    [Fact]
    public async Task AcceptAsync_AnotherIntakeWinsTheRaceWithANewerVersion_RereadsAndStandsDown()
    {
        _kit.Pending(PushTestKit.Message(1));
        var calls = 0;
        _kit.Links.Setup(l => l.GetByReservationAsync(PushTestKit.AccountId, PushTestKit.ReservationId, It.IsAny<CancellationToken>()))
            .ReturnsAsync(() =>
            {
                var seen = _kit.Stored;
                if (++calls == 1)
                {
                    // Between our read and our write, another instance stores version 9.
                    _kit.Stored = _kit.Stored! with { PendingVersion = 9, PendingMessage = Json(PushTestKit.Message(9)), ETag = new ETag("other") };
                }

                return seen;
            });

        var result = await CreateIntake().AcceptAsync(Json(PushTestKit.Message(5)), CancellationToken.None);

        Assert.Equal(2, calls);
        Assert.Equal(BookingIntakeOutcome.AlreadyPending, result.Outcome);
        Assert.Equal(9, _kit.Stored!.PendingVersion);
    }
}
