using Beds24.Api.Models;
using Beds24Sync.Contracts;
using Beds24Sync.Guests;
using Moq;

namespace Beds24Sync.Tests.Guests;

public sealed class GuestMatcherTests
{
    private const string Account = "acme";
    private readonly Mock<IGuestLinkStore> _links = new(MockBehavior.Strict);

    public GuestMatcherTests()
    {
        _links.Setup(l => l.GetByBookingAsync(Account, It.IsAny<long>(), It.IsAny<CancellationToken>())).ReturnsAsync((string?)null);
        _links.Setup(l => l.FindByEmailAsync(Account, It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        _links.Setup(l => l.FindByPhoneAsync(Account, It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
    }

    private GuestMatcher Matcher => new(_links.Object);

    private static Beds24Booking Booking(string? email = null, string? phone = null, string? mobile = null) =>
        new() { Id = 7, Email = email, Phone = phone, Mobile = mobile };

    [Fact]
    public async Task MatchAsync_StoredLink_WinsBeforeEmailIsAsked()
    {
        _links.Setup(l => l.GetByBookingAsync(Account, 7, It.IsAny<CancellationToken>())).ReturnsAsync("G-1");

        var match = await Matcher.MatchAsync(Account, Booking(email: "ann@example.com"), null, "GB", CancellationToken.None);

        Assert.Equal(new GuestMatch(GuestMatcher.ByLink, "G-1"), match);
        _links.Verify(l => l.FindByEmailAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task MatchAsync_EmailWithSpacesAndCapitals_IsLookedUpNormalised()
    {
        _links.Setup(l => l.FindByEmailAsync(Account, "ann@example.com", It.IsAny<CancellationToken>())).ReturnsAsync(["G-2"]);

        var match = await Matcher.MatchAsync(Account, Booking(email: "  Ann@Example.COM "), null, "GB", CancellationToken.None);

        Assert.Equal(new GuestMatch(GuestMatcher.ByEmail, "G-2"), match);
    }

    [Fact]
    public async Task MatchAsync_NationalPhoneNumber_IsNormalisedWithThePropertyCountry()
    {
        _links.Setup(l => l.FindByPhoneAsync(Account, "+442079460958", It.IsAny<CancellationToken>())).ReturnsAsync(["G-3"]);

        var match = await Matcher.MatchAsync(Account, Booking(email: "unknown@example.com", phone: "020 7946 0958"), null, "GB", CancellationToken.None);

        Assert.Equal(new GuestMatch(GuestMatcher.ByPhone, "G-3"), match);
    }

    [Fact]
    public async Task MatchAsync_MobileWhenPhoneIsUnusable_IsTried()
    {
        _links.Setup(l => l.FindByPhoneAsync(Account, "+4915112345678", It.IsAny<CancellationToken>())).ReturnsAsync(["G-4"]);

        var match = await Matcher.MatchAsync(Account, Booking(phone: "n/a", mobile: "0151 12345678"), null, "DE", CancellationToken.None);

        Assert.Equal(new GuestMatch(GuestMatcher.ByPhone, "G-4"), match);
    }

    [Fact]
    public async Task MatchAsync_SeveralGuestsShareTheEmail_IsReportedAmbiguousNotGuessed()
    {
        _links.Setup(l => l.FindByEmailAsync(Account, "twin@example.com", It.IsAny<CancellationToken>())).ReturnsAsync(["G-B", "G-A", "G-B"]);

        var match = await Matcher.MatchAsync(Account, Booking(email: "twin@example.com"), null, "GB", CancellationToken.None);

        Assert.Equal(GuestMatcher.Ambiguous, match.Method);
        Assert.Null(match.PmsGuestId);
        Assert.Equal(["G-A", "G-B"], match.Candidates);
    }

    [Fact]
    public async Task MatchAsync_NothingKnown_IsANewGuest()
    {
        var match = await Matcher.MatchAsync(Account, Booking(email: "new@example.com", phone: "+44 20 7946 0000"), null, "GB", CancellationToken.None);

        Assert.Equal(new GuestMatch(GuestMatcher.New, null), match);
    }

    [Fact]
    public async Task MatchAsync_PmsNamedTheGuest_IsLinkedUnderNormalisedKeysAndUsed()
    {
        _links.Setup(l => l.LinkAsync(Account, "G-9", 7, "ann@example.com", "+442079460958", It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        var pmsGuest = new PmsGuest { GuestId = "G-9", Email = " ANN@example.com", Phone = "020 7946 0958" };

        var match = await Matcher.MatchAsync(Account, Booking(email: "other@example.com"), pmsGuest, "GB", CancellationToken.None);

        Assert.Equal(new GuestMatch(GuestMatcher.ByLink, "G-9"), match);
        _links.Verify(l => l.LinkAsync(Account, "G-9", 7, "ann@example.com", "+442079460958", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task MatchAsync_PmsGuestAlreadyLinked_IsNotWrittenAgain()
    {
        _links.Setup(l => l.GetByBookingAsync(Account, 7, It.IsAny<CancellationToken>())).ReturnsAsync("G-9");

        var match = await Matcher.MatchAsync(Account, Booking(), new PmsGuest { GuestId = "G-9" }, "GB", CancellationToken.None);

        Assert.Equal("G-9", match.PmsGuestId);
        _links.Verify(l => l.LinkAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<long?>(), It.IsAny<string?>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Never);
    }
}
