using Beds24Sync.Conflicts;
using Beds24Sync.Contracts;
using Beds24Sync.Mapping;
using static Beds24Sync.Tests.Conflicts.ConflictWorld;

namespace Beds24Sync.Tests.Conflicts;

public sealed class ConflictRulebookSettingTests
{
    [Theory]
    [InlineData("airbnb", null, ConflictRules.OtaBeds24Wins, ChangeOrigins.Beds24)]
    [InlineData("phone", null, ConflictRules.DirectPmsWins, ChangeOrigins.Pms)]
    [InlineData("DIRECT", "default", ConflictRules.DirectPmsWins, ChangeOrigins.Pms)]
    [InlineData("booking", "ota=pms", "ota-pms-wins", ChangeOrigins.Pms)]
    [InlineData("direct", "ota=manual", ConflictRules.DirectPmsWins, ChangeOrigins.Pms)]
    [InlineData("booking", " ota = manual ; direct = pms ", "ota-manual", null)]
    [InlineData(null, "other=beds24", "other-beds24-wins", ChangeOrigins.Beds24)]
    [InlineData("direct", "MANUAL", ConflictRules.Manual, null)]
    [InlineData("booking", "ota=sometimes", ConflictRules.Manual, null)]
    [InlineData("booking", "vip=pms", ConflictRules.Manual, null)]
    public void Decide_PropertySetting_PicksTheRuleAndWinner(string? channel, string? setting, string rule, string? winner) =>
        Assert.Equal((rule, winner), ConflictRulebook.Decide(channel, setting));

    [Fact]
    public void TryParse_UnreadableSetting_SaysHowToWriteIt()
    {
        Assert.False(ConflictRulebook.TryParse("ota:beds24", out var rules, out var error));
        Assert.Null(rules);
        Assert.Contains("category=winner", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_PartialSetting_KeepsTheDefaultsForTheRest()
    {
        Assert.True(ConflictRulebook.TryParse("direct=manual", out var rules, out _));
        Assert.Equal((ChangeOrigins.Beds24, "manual", "manual"), (rules![ConflictRulebook.Ota], rules[ConflictRulebook.Direct], rules[ConflictRulebook.Other]));
    }
}

public sealed class ConflictDetectionCaseTests
{
    private static readonly Beds24.Api.Models.Beds24Booking Synced = B24();

    private static Beds24Sync.BookingLinks.BookingLink Link(long pendingVersion = 2) => new()
    {
        AccountId = Account,
        ReservationId = Reservation,
        PmsVersion = 1,
        PendingVersion = pendingVersion,
        PendingMessage = pendingVersion > 1 ? "{}" : null,
        Beds24Hash = BookingContentHash.Of(Synced),
        Beds24ModifiedTime = Synced.ModifiedTime,
    };

    private static IReadOnlyList<FieldDifference> Detect(PmsReservation pms, Beds24.Api.Models.Beds24Booking beds24, string origin = ChangeOrigins.Pms, long? version = 2) =>
        ConflictDetector.Detect(new ConflictCandidate(Account, origin, Link(), pms, version, beds24), 70001);

    [Fact]
    public void Detect_StatusMismatch_IsReportedInPmsTerms() =>
        Assert.Equal(new FieldDifference("status", "cancelled", "tentative"), Assert.Single(Detect(Pms(status: "cancelled"), B24(status: "request", minutesAfterSync: 5))));

    [Fact]
    public void Detect_DateChange_ListsDeparture() =>
        Assert.Equal(new FieldDifference("departure", "2030-05-03", "2030-05-06"), Assert.Single(Detect(Pms(amount: 310m), B24(nights: 5, minutesAfterSync: 5))));

    [Fact]
    public void Detect_RoomChange_ComparesBeds24Rooms() =>
        Assert.Equal(new FieldDifference("room", "70001", "70002"), Assert.Single(Detect(Pms(amount: 310m), B24(room: 70002, minutesAfterSync: 5))));

    [Theory]
    [InlineData(300, 315, false)]
    [InlineData(300, 316, true)]
    [InlineData(300, 285, false)]
    [InlineData(300, 284, true)]
    public void Detect_AmountDifference_CountsOnlyOverFivePercent(double pms, double beds24, bool differs)
    {
        var differences = Detect(Pms(amount: (decimal)pms, nights: 3), B24(price: (decimal)beds24, nights: 3, minutesAfterSync: 5));

        Assert.Equal(differs, differences.Any(d => d.Field == "amount"));
    }

    [Fact]
    public void Detect_Beds24ChangedOnlyByModifiedTime_StillCountsAsChanged() =>
        Assert.NotEmpty(Detect(Pms(status: "cancelled"), Synced with { ModifiedTime = Synced.ModifiedTime!.Value.AddMinutes(1) }));

    [Fact]
    public void Detect_OnlyBeds24Changed_IsNoConflict() =>
        Assert.Empty(ConflictDetector.Detect(new ConflictCandidate(Account, ChangeOrigins.Beds24, Link(pendingVersion: 1), Pms(), 1, B24(nights: 5, minutesAfterSync: 5)), 70001));

    [Fact]
    public void Detect_BothChangedToTheSameState_IsNoConflict() =>
        Assert.Empty(Detect(Pms(nights: 5), B24(nights: 5, minutesAfterSync: 5)));

    [Fact]
    public void Compare_AllFields_FlagsOnlyTheDifferingOnes()
    {
        var fields = ConflictDetector.Compare(new ConflictCandidate(Account, ChangeOrigins.Pms, Link(), Pms(amount: 450m), 2, B24(nights: 4)), 70001);

        Assert.Equal(["status", "arrival", "departure", "room", "amount", "guests"], fields.Select(f => f.Field));
        Assert.Equal(["departure", "amount"], fields.Where(f => f.Differs).Select(f => f.Field));
        Assert.Equal(("confirmed", "confirmed"), (fields[0].Pms, fields[0].Beds24));
    }

    [Theory]
    [InlineData(new[] { "guests" }, "both-modified")]
    [InlineData(new[] { "amount", "departure" }, "dates")]
    [InlineData(new[] { "room", "status" }, "status")]
    public void TypeOf_MostSignificantField_NamesTheConflict(string[] fields, string type) =>
        Assert.Equal(type, ConflictDetector.TypeOf([.. fields.Select(f => new FieldDifference(f, "a", "b"))]));
}

public sealed class ConflictDecisionValidationTests
{
    [Fact]
    public void Validate_UnknownActionAndNoOperator_ListsBothProblems()
    {
        var errors = ConflictDecisionValidator.Validate(new ConflictDecision("accept-both", null, " "));

        Assert.Equal(2, errors.Count);
        Assert.Contains("Unknown action 'accept-both'", errors[0], StringComparison.Ordinal);
        Assert.Contains("decidedBy", errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MergeWithoutChoices_AsksForThem() =>
        Assert.Contains("mergeChoices", Assert.Single(ConflictDecisionValidator.Validate(new ConflictDecision(ConflictDecisionActions.Merge, null, "ops"))), StringComparison.Ordinal);

    [Fact]
    public void Validate_MergeUnknownFieldAndSide_NamesThem()
    {
        var errors = ConflictDecisionValidator.Validate(new ConflictDecision(ConflictDecisionActions.Merge, new Dictionary<string, string> { ["colour"] = "pms", ["amount"] = "both" }, "ops"));

        Assert.Contains(errors, e => e.Contains("'colour' cannot be merged", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'amount' must be \"pms\" or \"beds24\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_MissingAction_SaysItIsRequired() =>
        Assert.Contains("action is required", Assert.Single(ConflictDecisionValidator.Validate(new ConflictDecision(null!, null, "ops"))), StringComparison.Ordinal);

    [Fact]
    public void Validate_OverlongComment_IsRefused() =>
        Assert.Contains("comment", Assert.Single(ConflictDecisionValidator.Validate(new ConflictDecision(ConflictDecisionActions.AcceptPms, null, "ops", new string('x', 2001)))), StringComparison.Ordinal);

    [Fact]
    public void Validate_AcceptWithStrayChoices_IsFine() =>
        Assert.Empty(ConflictDecisionValidator.Validate(new ConflictDecision(ConflictDecisionActions.AcceptBeds24, new Dictionary<string, string> { ["amount"] = "pms" }, "ops")));
}
