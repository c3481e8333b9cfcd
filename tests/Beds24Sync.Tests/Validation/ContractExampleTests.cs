using Beds24Sync.Contracts;
using Beds24Sync.Validation;

namespace Beds24Sync.Tests.Validation;

/// <summary>The published PMS-facing examples validate, and the C# records read and write them without loss.</summary>
public sealed class ContractExampleTests
{
    private static string Example(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "contracts", "examples", file));

    private static void AssertRoundTrips<T>(string contract, string file, Action<T> checkFields)
    {
        var example = Example(file);
        Assert.Empty(new ContractValidator().Validate(contract, example));

        var read = SyncJson.Deserialize<T>(example)!;
        var written = SyncJson.Serialize(read);

        checkFields(read);
        Assert.Empty(new ContractValidator().Validate(contract, written));
        Assert.Equal(read, SyncJson.Deserialize<T>(written));
    }

    [Fact]
    public void PmsBookingMessage_Example_RoundTripsThroughTheRecord() =>
        AssertRoundTrips<PmsBookingMessage>(ContractValidator.PmsBookingMessage, "pms-booking-message.json", m =>
        {
            Assert.Equal(42, m.Version);
            Assert.Equal(new DateOnly(2026, 12, 23), m.Reservation.Departure);
            Assert.Equal(540.00m, m.Reservation.TotalAmount);
            Assert.Equal("G-77", m.Reservation.Guest!.GuestId);
        });

    [Fact]
    public void PmsCalendarMessage_Example_RoundTripsThroughTheRecord() =>
        AssertRoundTrips<PmsCalendarMessage>(ContractValidator.PmsCalendarMessage, "pms-calendar-message.json", m =>
        {
            Assert.Equal(1001, m.Version);
            Assert.Equal(new DateOnly(2026, 12, 14), m.To);
            Assert.Equal(129m, m.Price);
            Assert.Equal("none", m.Restriction);
            Assert.Null(m.MaxStay);
        });

    [Fact]
    public void DeadLetterMessage_Example_RoundTripsThroughTheRecord() =>
        AssertRoundTrips<DeadLetterMessage>(ContractValidator.DeadLetterMessage, "dead-letter-message.json", m =>
        {
            Assert.Equal("beds24-push-bookings", m.Source);
            Assert.Equal(DeadLetterCategories.Validation, m.Category);
            Assert.Equal(new DateTimeOffset(2026, 11, 24, 9, 15, 2, TimeSpan.Zero), m.DeadLetteredAt);
        });

    [Theory]
    [InlineData("""{"messageId":"m","schemaVersion":2,"action":"upsert","accountId":"a","version":1,"reservation":{"reservationId":"R","propertyId":"P","roomTypeId":"D","status":"confirmed","arrival":"2030-01-01","departure":"2030-01-02"}}""", "schemaVersion")]
    [InlineData("""{"messageId":"m","schemaVersion":1,"action":"upsert","accountId":"a","version":1,"reservation":{"reservationId":"R","propertyId":"P","roomTypeId":"D","status":"booked","arrival":"2030-01-01","departure":"2030-01-02"}}""", "status")]
    [InlineData("""{"messageId":"m","schemaVersion":1,"action":"upsert","accountId":"a","version":1,"reservation":{"reservationId":"R","propertyId":"P","roomTypeId":"D","status":"confirmed","arrival":"01/01/2030","departure":"2030-01-02"}}""", "arrival")]
    [InlineData("""{"messageId":"m","schemaVersion":1,"action":"upsert","accountId":"a b","version":1,"reservation":{"reservationId":"R","propertyId":"P","roomTypeId":"D","status":"confirmed","arrival":"2030-01-01","departure":"2030-01-02"}}""", "accountId")]
    [InlineData("""[1,2,3]""", "#")]
    public void Validate_BookingMessageBreakingOneRule_NamesTheField(string json, string field)
    {
        var errors = new ContractValidator().Validate(ContractValidator.PmsBookingMessage, json);

        Assert.Contains(errors, e => e.Contains(field, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_Errors_ReadAsPathAndPlainWords()
    {
        var errors = new ContractValidator().Validate(ContractValidator.PmsCalendarMessage,
            """{"messageId":"m","schemaVersion":1,"accountId":"a","version":1,"propertyId":"P","roomTypeId":"D","from":"2030-01-01","to":"2030-01-02","colour":"red"}""");

        Assert.Contains(errors, e => e.Contains("colour", StringComparison.Ordinal) && e.Contains("no additional properties allowed", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NotJson_SaysSo()
    {
        var error = Assert.Single(new ContractValidator().Validate(ContractValidator.PmsCalendarMessage, "availability=3"));

        Assert.Contains("not valid JSON", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownContract_Throws() =>
        Assert.Throws<InvalidOperationException>(() => new ContractValidator().Validate("no-such-contract", "{}"));
}
