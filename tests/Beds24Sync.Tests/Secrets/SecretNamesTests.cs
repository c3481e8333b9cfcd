using Beds24Sync.Accounts;
using Beds24Sync.Secrets;

namespace Beds24Sync.Tests.Secrets;

public sealed class SecretNamesTests
{
    [Fact]
    public void RefreshToken_PlainLowerCaseId_KeepsTheNameItAlwaysHad()
    {
        Assert.Equal("beds24-refresh-harbour-group", SecretNames.RefreshToken("harbour-group"));
    }

    [Fact]
    public void RefreshToken_IdsThatDifferOnlyInCaseDotOrUnderscore_NeverShareASecret()
    {
        string[] ids = ["harbour.group", "Harbour_Group", "harbour_group", "HARBOUR-GROUP", "harbour-group"];

        var names = ids.Select(SecretNames.RefreshToken).ToList();

        Assert.Equal(ids.Length, names.Distinct(StringComparer.OrdinalIgnoreCase).Count()); // Key Vault ignores case
        Assert.All(names, SecretNames.Validate);
    }

    [Fact]
    public void WebhookSecret_LongestValidId_IsAValidKeyVaultName()
    {
        var id = new string('A', 99) + ".";
        Assert.True(AccountIds.IsValid(id));

        SecretNames.Validate(SecretNames.WebhookSecret(id));
        SecretNames.Validate(SecretNames.RefreshToken(id));
    }

    [Theory]
    [InlineData("harbour.group", true)]
    [InlineData("a", true)]
    [InlineData("", false)]
    [InlineData("bad/account", false)]
    [InlineData("space here", false)]
    public void IsValid_AccountIdRule_IsTheSameEverywhere(string id, bool valid) => Assert.Equal(valid, AccountIds.IsValid(id));
}
