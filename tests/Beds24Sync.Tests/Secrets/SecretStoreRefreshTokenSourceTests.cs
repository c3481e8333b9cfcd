using Beds24.Api.Errors;
using Beds24Sync.Accounts;
using Beds24Sync.Secrets;
using Moq;

namespace Beds24Sync.Tests.Secrets;

public sealed class SecretStoreRefreshTokenSourceTests
{
    private readonly Mock<IAccountStore> _accounts = new();
    private readonly Mock<ISecretStore> _secrets = new();

    private static Beds24Account Harbour => new() { AccountId = "harbour", RefreshTokenSecretName = "beds24-refresh-harbour" };

    [Fact]
    public async Task GetRefreshTokenAsync_AccountNamesTheSecret_ReturnsItsValue()
    {
        _accounts.Setup(a => a.GetAsync("harbour", It.IsAny<CancellationToken>())).ReturnsAsync(Harbour);
        _secrets.Setup(s => s.GetSecretAsync("beds24-refresh-harbour", It.IsAny<CancellationToken>())).ReturnsAsync("the-refresh-token");

        var token = await new SecretStoreRefreshTokenSource(_accounts.Object, _secrets.Object).GetRefreshTokenAsync("harbour", CancellationToken.None);

        Assert.Equal("the-refresh-token", token);
    }

    [Fact]
    public async Task GetRefreshTokenAsync_SecretMissing_SaysToRunConnect()
    {
        _accounts.Setup(a => a.GetAsync("harbour", It.IsAny<CancellationToken>())).ReturnsAsync(Harbour);
        _secrets.Setup(s => s.GetSecretAsync("beds24-refresh-harbour", It.IsAny<CancellationToken>())).ReturnsAsync((string?)null);

        var error = await Assert.ThrowsAsync<Beds24AuthenticationException>(() =>
            new SecretStoreRefreshTokenSource(_accounts.Object, _secrets.Object).GetRefreshTokenAsync("harbour", CancellationToken.None).AsTask());

        Assert.Contains("connect", error.Message, StringComparison.Ordinal);
        Assert.Contains("beds24-refresh-harbour", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task GetRefreshTokenAsync_UnknownAccount_SaysToRunConnectWithoutReadingSecrets()
    {
        _accounts.Setup(a => a.GetAsync("lake", It.IsAny<CancellationToken>())).ReturnsAsync((Beds24Account?)null);

        var error = await Assert.ThrowsAsync<Beds24AuthenticationException>(() =>
            new SecretStoreRefreshTokenSource(_accounts.Object, _secrets.Object).GetRefreshTokenAsync("lake", CancellationToken.None).AsTask());

        Assert.Contains("connect --account lake", error.Message, StringComparison.Ordinal);
        _secrets.VerifyNoOtherCalls();
    }
}
