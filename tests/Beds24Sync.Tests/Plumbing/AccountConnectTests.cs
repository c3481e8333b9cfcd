using Beds24Sync.Accounts;

namespace Beds24Sync.Tests.Plumbing;

/// <summary>Re-running `connect` (as SETUP.md says after a token problem) must not wipe what the account row holds.</summary>
public sealed class AccountConnectTests
{
    private static readonly Beds24Account Existing = new()
    {
        AccountId = "harbour",
        DisplayName = "Harbour Group",
        RefreshTokenSecretName = "beds24-refresh-harbour-old",
        PropertyIds = [11, 12],
        Enabled = false,
    };

    [Fact]
    public void Connected_FirstTime_RegistersTheAccountWithTheGivenProperties()
    {
        var account = Beds24Account.Connected(null, "harbour", "secret", [11]);

        Assert.Equal(("harbour", "secret", true), (account.AccountId, account.RefreshTokenSecretName, account.Enabled));
        Assert.Equal([11L], account.PropertyIds);
        Assert.Equal(Beds24Sync.Secrets.SecretNames.WebhookSecret("harbour"), account.WebhookSecretName); // its own webhook secret from the start
    }

    [Fact]
    public void Connected_AgainForAnAccountOnTheSharedWebhookSecret_KeepsItThere()
    {
        // Switching it to a secret of its own would break the webhook configured in Beds24 until someone updates it.
        var account = Beds24Account.Connected(Existing, "harbour", "s", null);

        Assert.Null(account.WebhookSecretName);
    }

    [Fact]
    public void Connected_AgainWithoutProperties_KeepsPropertiesNameAndEnabledFlag()
    {
        var account = Beds24Account.Connected(Existing, "harbour", "beds24-refresh-harbour", null);

        Assert.Equal(Existing with { RefreshTokenSecretName = "beds24-refresh-harbour" }, account);
    }

    [Fact]
    public void Connected_AgainWithProperties_ReplacesOnlyTheProperties()
    {
        var account = Beds24Account.Connected(Existing, "harbour", "s", [13]);

        Assert.Equal([13L], account.PropertyIds);
        Assert.Equal(("Harbour Group", false), (account.DisplayName, account.Enabled));
    }
}
