using System.Text;
using Beds24.Api.Models;
using Beds24Sync.BookingLinks;
using Beds24Sync.Calendar;
using Beds24Sync.Conflicts;
using Beds24Sync.Contracts;
using Beds24Sync.Core;
using Beds24Sync.Guests;
using Beds24Sync.Mapping;
using Beds24Sync.Push;
using Beds24Sync.Storage;
using Beds24Sync.Validation;
using Beds24Sync.Webhooks;

namespace Beds24Sync.Tests;

public sealed class ConflictRulebookTests
{
    [Theory]
    [InlineData("booking", null, ConflictRules.OtaBeds24Wins, ChangeOrigins.Beds24)]
    [InlineData("expedia", "default", ConflictRules.OtaBeds24Wins, ChangeOrigins.Beds24)]
    [InlineData("direct", null, ConflictRules.DirectPmsWins, ChangeOrigins.Pms)]
    [InlineData("booking", "manual", ConflictRules.Manual, null)]
    [InlineData(null, null, ConflictRules.Manual, null)]
    [InlineData("beds24", null, ConflictRules.Manual, null)]
    public void Decide_ChannelAndPropertyRules_PickTheWinner(string? channel, string? rules, string expectedRule, string? expectedWinner) =>
        Assert.Equal((expectedRule, expectedWinner), ConflictRulebook.Decide(channel, rules));
}

public sealed class ConflictDetectorTests
{
    private static readonly DateOnly Day = new(2030, 5, 1);

    private static PmsReservation Pms(decimal amount = 100m, string status = "confirmed") => new()
    {
        ReservationId = "R",
        PropertyId = "P",
        RoomTypeId = "D",
        Status = status,
        Arrival = Day,
        Departure = Day.AddDays(2),
        Adults = 2,
        TotalAmount = amount,
    };

    private static Beds24Booking Beds24(decimal price = 100m, int nights = 2) => new()
    {
        Id = 1,
        RoomId = 10,
        Status = "confirmed",
        Arrival = Day,
        Departure = Day.AddDays(nights),
        NumAdult = 2,
        NumChild = 0,
        Price = price,
        ModifiedTime = DateTimeOffset.Parse("2030-01-02T00:00:00Z"),
    };

    private static BookingLink Link(Beds24Booking synced) => new()
    {
        AccountId = "a",
        ReservationId = "R",
        PmsVersion = 1,
        Beds24Hash = BookingContentHash.Of(synced),
        Beds24ModifiedTime = DateTimeOffset.Parse("2030-01-01T00:00:00Z"),
    };

    [Fact]
    public void Detect_OnlyPmsChanged_IsNoConflict()
    {
        var current = Beds24();
        var link = Link(current) with { Beds24ModifiedTime = current.ModifiedTime };

        Assert.Empty(ConflictDetector.Detect(new ConflictCandidate("a", ChangeOrigins.Pms, link, Pms(amount: 500m), 2, current), 10));
    }

    [Fact]
    public void Detect_BothChanged_ListsDatesAndAmountOverFivePercent()
    {
        var synced = Beds24();
        var changed = Beds24(nights: 3);

        var differences = ConflictDetector.Detect(new ConflictCandidate("a", ChangeOrigins.Pms, Link(synced), Pms(amount: 110m), 2, changed), 10);

        Assert.Contains(differences, d => d.Field == "departure");
        Assert.Contains(differences, d => d.Field == "amount");
        Assert.Equal("dates", ConflictDetector.TypeOf(differences));
    }

    [Fact]
    public void Differences_AmountWithinFivePercent_IsNotADifference()
    {
        var differences = ConflictDetector.Differences(new ConflictCandidate("a", ChangeOrigins.Pms, null, Pms(amount: 104m), 2, Beds24(price: 100m)), 10);

        Assert.Empty(differences);
    }

    [Fact]
    public void Differences_StatusAndRoom_AreReported()
    {
        var differences = ConflictDetector.Differences(new ConflictCandidate("a", ChangeOrigins.Pms, null, Pms(status: "cancelled"), 2, Beds24()), 11);

        Assert.Equal(["status", "room"], differences.Select(d => d.Field));
        Assert.Equal("status", ConflictDetector.TypeOf(differences));
    }
}

public sealed class ConflictDecisionValidatorTests
{
    [Fact]
    public void Validate_MergeMissingAChosenField_ListsIt()
    {
        var conflict = new ConflictRecord
        {
            ConflictId = "c",
            AccountId = "a",
            ReservationId = "r",
            Origin = "pms",
            Type = "dates",
            Rule = "manual",
            Status = "open",
            DetectedAt = DateTimeOffset.UnixEpoch,
            Differences = [new FieldDifference("arrival", "1", "2"), new FieldDifference("amount", "1", "2")],
        };

        var errors = ConflictDecisionValidator.Validate(new ConflictDecision("merge", new Dictionary<string, string> { ["arrival"] = "pms" }, "ops"), conflict);

        Assert.Contains(errors, e => e.Contains("amount", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("accept-pms", true)]
    [InlineData("accept-beds24", true)]
    [InlineData("flip-a-coin", false)]
    public void Validate_Actions_OnlyTheThreeKnownOnes(string action, bool valid) =>
        Assert.Equal(valid, ConflictDecisionValidator.Validate(new ConflictDecision(action, null, "ops")).Count == 0);

    [Fact]
    public void Validate_NullDecision_SaysWhatIsExpected() =>
        Assert.Contains("accept-pms", Assert.Single(ConflictDecisionValidator.Validate(null)), StringComparison.Ordinal);
}

public sealed class CalendarCoalescerTests
{
    private static readonly DateOnly Day = new(2030, 1, 1);

    [Fact]
    public void ToRoomCalendars_HigherVersionWinsWhateverTheOrder()
    {
        var rooms = CalendarCoalescer.ToRoomCalendars(
        [
            new CalendarCell(1, Day, CalendarFields.NumAvail, "5", 7),
            new CalendarCell(1, Day, CalendarFields.NumAvail, "2", 9),
            new CalendarCell(1, Day, CalendarFields.NumAvail, "4", 8),
        ]);

        Assert.Equal(2, Assert.Single(Assert.Single(rooms).Calendar).NumAvail);
    }

    [Fact]
    public void ToRoomCalendars_EqualAdjacentDays_BecomeOneRangePerRoom()
    {
        var cells = Enumerable.Range(0, 10).SelectMany(i => new[]
        {
            new CalendarCell(1, Day.AddDays(i), CalendarFields.Price(1), "120", 1),
            new CalendarCell(2, Day.AddDays(i), CalendarFields.MinStay, i < 5 ? "2" : "3", 1),
        });

        var rooms = CalendarCoalescer.ToRoomCalendars(cells);

        Assert.Single(rooms[0].Calendar);
        Assert.Equal(120m, rooms[0].Calendar[0].Prices![1]);
        Assert.Equal(2, rooms[1].Calendar.Count);
    }

    [Theory]
    [InlineData("price1", 1)]
    [InlineData("price16", 16)]
    [InlineData("price17", null)]
    [InlineData("numAvail", null)]
    public void PriceSlot_ParsesOnlyBeds24Slots(string field, int? slot) => Assert.Equal(slot, CalendarFields.PriceSlot(field));
}

public sealed class WebhookPayloadTests
{
    [Fact]
    public void Parse_Version2_ReadsBookingIdAndProperty()
    {
        var payload = WebhookPayload.Parse(Encoding.UTF8.GetBytes("""{"timeStamp":"2026-01-01T00:00:00Z","booking":{"id":123,"propertyId":45,"status":"new"},"retries":0}"""), out var error);

        Assert.Null(error);
        Assert.Equal((123L, 45L, 2), (payload!.BookingId, payload.PropertyId, payload.PayloadVersion));
    }

    [Fact]
    public void Parse_Version1StringIds_AreRead()
    {
        var payload = WebhookPayload.Parse(Encoding.UTF8.GetBytes("""{"bookid":"987","propid":"6","status":"modify"}"""), out _);

        Assert.Equal((987L, 6L, 1), (payload!.BookingId, payload.PropertyId, payload.PayloadVersion));
    }

    [Fact]
    public void Parse_SameBookingDifferentRetries_HasTheSameMarker()
    {
        var a = WebhookPayload.Parse(Encoding.UTF8.GetBytes("""{"booking":{"id":1,"numAdult":2},"retries":0}"""), out _)!;
        var b = WebhookPayload.Parse(Encoding.UTF8.GetBytes("""{"booking":{"id":1,"numAdult":2},"retries":3}"""), out _)!;
        var c = WebhookPayload.Parse(Encoding.UTF8.GetBytes("""{"booking":{"id":1,"numAdult":3},"retries":0}"""), out _)!;

        Assert.Equal(a.VersionMarker, b.VersionMarker);
        Assert.NotEqual(a.VersionMarker, c.VersionMarker);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("""{"booking":{"id":-4}}""")]
    [InlineData("""{"hello":"world"}""")]
    public void Parse_NotABookingWebhook_ReturnsNullWithReason(string body)
    {
        Assert.Null(WebhookPayload.Parse(Encoding.UTF8.GetBytes(body), out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}

public sealed class GuestIdentityTests
{
    [Theory]
    [InlineData("020 7946 0958", "GB", "+442079460958")]
    [InlineData("+44 20 7946 0958", "DE", "+442079460958")]
    [InlineData("030 123456", "DE", "+4930123456")]
    [InlineData("not a phone", "GB", null)]
    [InlineData("", "GB", null)]
    public void NormalisePhone_UsesThePropertyCountryAsDefault(string phone, string region, string? expected) =>
        Assert.Equal(expected, GuestIdentity.NormalisePhone(phone, region));

    [Theory]
    [InlineData("  Ann@Example.COM ", "ann@example.com")]
    [InlineData("no-at-sign", null)]
    [InlineData(null, null)]
    public void NormaliseEmail_TrimsAndLowercases(string? email, string? expected) => Assert.Equal(expected, GuestIdentity.NormaliseEmail(email));
}

public sealed class MappingTests
{
    private static readonly RoomMapping Room = new() { AccountId = "a", PmsPropertyId = "P", PmsRoomTypeId = "D", Beds24PropertyId = 5, Beds24RoomId = 50 };

    [Theory]
    [InlineData("confirmed", "confirmed")]
    [InlineData("tentative", "request")]
    [InlineData("cancelled", "cancelled")]
    [InlineData("blocked", "black")]
    [InlineData("inquiry", "inquiry")]
    public void StatusMap_RoundTrips(string pms, string beds24)
    {
        Assert.Equal(beds24, BookingStatusMap.ToBeds24(pms));
        Assert.Equal(pms, BookingStatusMap.ToPms(beds24));
    }

    [Fact]
    public void ToBeds24_NewBooking_CarriesOurMarkerNotApiReferenceAndChecksAvailability()
    {
        var reservation = new PmsReservation { ReservationId = "RES-9", PropertyId = "P", RoomTypeId = "D", Status = "confirmed", Arrival = new(2030, 1, 1), Departure = new(2030, 1, 3) };

        var booking = BookingMapper.ToBeds24(reservation, Room, existingBookingId: null);

        Assert.Null(booking.ApiReference);
        Assert.Equal("RES-9", Beds24Sync.BookingLinks.BookingIdentity.MarkedReservationId(booking));
        Assert.Equal(50, booking.RoomId);
        Assert.True(booking.Actions!.CheckAvailability);
    }

    [Fact]
    public void ToBeds24_Modify_DoesNotAskForAvailability()
    {
        var reservation = new PmsReservation { ReservationId = "RES-9", PropertyId = "P", RoomTypeId = "D", Status = "confirmed", Arrival = new(2030, 1, 1), Departure = new(2030, 1, 3) };

        Assert.Null(BookingMapper.ToBeds24(reservation, Room, existingBookingId: 77).Actions);
    }

    [Fact]
    public void ReservationIdFor_BookingFromBeds24_GetsAStablePrefixedId() =>
        Assert.Equal("beds24-42", BookingMapper.ReservationIdFor(new Beds24Booking { Id = 42 }));

    [Fact]
    public void ContentHash_IgnoresModifiedTimeButNotContent()
    {
        var a = new Beds24Booking { Id = 1, Status = "confirmed", NumAdult = 2, ModifiedTime = DateTimeOffset.UnixEpoch };

        Assert.Equal(BookingContentHash.Of(a), BookingContentHash.Of(a with { ModifiedTime = DateTimeOffset.UtcNow }));
        Assert.NotEqual(BookingContentHash.Of(a), BookingContentHash.Of(a with { NumAdult = 3 }));
    }
}

public sealed class RetryPolicyAndKeysTests
{
    [Fact]
    public void PushRetryPolicy_IsFiveTwentyFiveOneTwentyFiveThenGiveUp()
    {
        Assert.Equal([TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(125)], SyncRetryPolicy.Delays);
        Assert.Equal(TimeSpan.FromSeconds(5), SyncRetryPolicy.DelayBefore(2));
        Assert.Equal(TimeSpan.FromSeconds(125), SyncRetryPolicy.DelayBefore(4));
        Assert.Null(SyncRetryPolicy.DelayBefore(5));
        // Durable's RetryPolicy(4, 5 s, 5) yields the same delays: 5 * 5^(n-1).
        Assert.Equal(SyncRetryPolicy.Delays, Enumerable.Range(0, 3).Select(n => TimeSpan.FromSeconds(5 * Math.Pow(SyncRetryPolicy.BackoffCoefficient, n))));
    }

    [Theory]
    [InlineData("RES/1#a?b\\c%", "RES%2F1%23a%3Fb%5Cc%25")]
    [InlineData("plain-id", "plain-id")]
    public void TableKey_EncodesForbiddenCharactersReversibly(string raw, string encoded)
    {
        Assert.Equal(encoded, TableKey.Encode(raw));
        Assert.Equal(raw, TableKey.Decode(encoded));
    }
}

public sealed class ContractValidatorTests
{
    [Theory]
    [InlineData(ContractValidator.PmsBookingMessage, "pms-booking-message.json")]
    [InlineData(ContractValidator.PmsCalendarMessage, "pms-calendar-message.json")]
    [InlineData(ContractValidator.DeadLetterMessage, "dead-letter-message.json")]
    [InlineData(ContractValidator.InboundWorkItem, "inbound-work-item.json")]
    [InlineData(ContractValidator.BookingChanged, "booking-changed.json")]
    public void PublishedExamples_ValidateAgainstTheirSchemas(string contract, string example)
    {
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "contracts", "examples", example));

        Assert.Empty(new ContractValidator().Validate(contract, json));
    }

    [Fact]
    public void PmsBookingExample_RoundTripsThroughTheRecord()
    {
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "contracts", "examples", "pms-booking-message.json"));

        var message = SyncJson.Deserialize<PmsBookingMessage>(json)!;

        Assert.Equal("RES-10023", message.Reservation.ReservationId);
        Assert.Empty(new ContractValidator().Validate(ContractValidator.PmsBookingMessage, SyncJson.Serialize(message)));
    }

    [Fact]
    public void Validate_WrongTypesAndExtraFields_AreAllReported()
    {
        var errors = new ContractValidator().Validate(ContractValidator.PmsCalendarMessage,
            """{"messageId":"m","schemaVersion":1,"accountId":"a","version":"seven","propertyId":"P","roomTypeId":"D","from":"2030-01-01","to":"2030-01-02","colour":"red"}""");

        Assert.Contains(errors, e => e.Contains("version", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("colour", StringComparison.Ordinal));
    }
}
