using System.Net;
using Azure;
using Beds24Sync.Secrets;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Beds24Sync.Tests.Secrets;

/// <summary>KeyVaultSecretStore over the real SecretClient, talking to an in-process vault (challenge, bearer token, REST).</summary>
public sealed class KeyVaultSecretStoreTests
{
    private readonly FakeKeyVault _vault = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero));
    private readonly SecretStoreOptions _options = new() { CacheDuration = TimeSpan.FromMinutes(5), MissingCacheDuration = TimeSpan.FromSeconds(30) };

    private KeyVaultSecretStore Store() => new(_vault.CreateClient(), Options.Create(_options), _time);

    [Fact]
    public async Task GetSecretAsync_ExistingSecret_AnswersTheChallengeAndReturnsTheValue()
    {
        _vault.Secrets["beds24-refresh-harbour"] = "refresh-token-value";

        var value = await Store().GetSecretAsync("beds24-refresh-harbour", CancellationToken.None);

        Assert.Equal("refresh-token-value", value);
        Assert.Equal(1, _vault.AuthenticatedGets);
    }

    [Fact]
    public async Task GetSecretAsync_MissingSecret_ReturnsNullInsteadOfThrowing()
    {
        var value = await Store().GetSecretAsync("no-such-secret", CancellationToken.None);

        Assert.Null(value);
    }

    [Fact]
    public async Task GetSecretAsync_WithinCacheDuration_ReadsTheVaultOnceThenAgainAfterExpiry()
    {
        _vault.Secrets["beds24-webhook-secret"] = "v1";
        var store = Store();

        await store.GetSecretAsync("beds24-webhook-secret", CancellationToken.None);
        _vault.Secrets["beds24-webhook-secret"] = "v2";
        _time.Advance(TimeSpan.FromMinutes(4));
        var cached = await store.GetSecretAsync("beds24-webhook-secret", CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(2));
        var fresh = await store.GetSecretAsync("beds24-webhook-secret", CancellationToken.None);

        Assert.Equal(("v1", "v2"), (cached, fresh));
        Assert.Equal(2, _vault.AuthenticatedGets);
    }

    [Fact]
    public async Task GetSecretAsync_MissingThenSetByAnOperator_IsSeenAfterTheShortMissingCache()
    {
        var store = Store();

        var before = await store.GetSecretAsync("alert-webhook-url", CancellationToken.None);
        _vault.Secrets["alert-webhook-url"] = "https://hooks.example.test/alerts";
        _time.Advance(TimeSpan.FromSeconds(31));
        var after = await store.GetSecretAsync("alert-webhook-url", CancellationToken.None);

        Assert.Null(before);
        Assert.Equal("https://hooks.example.test/alerts", after);
    }

    [Fact]
    public async Task GetSecretAsync_IdentityLacksAccess_ThrowsRequestFailed()
    {
        _vault.FailWith = HttpStatusCode.Forbidden;

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => Store().GetSecretAsync("beds24-webhook-secret", CancellationToken.None).AsTask());

        Assert.Equal(403, error.Status);
    }

    [Theory]
    [InlineData("has_underscore")]
    [InlineData("has space")]
    [InlineData("")]
    public async Task GetSecretAsync_NameKeyVaultWouldRefuse_ThrowsBeforeAnyCall(string name)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store().GetSecretAsync(name, CancellationToken.None).AsTask());

        Assert.Equal(0, _vault.AuthenticatedGets + _vault.Challenges);
    }

    [Fact]
    public async Task SetSecretAsync_StoresInTheVaultAndServesTheNewValue()
    {
        var store = Store();
        await store.GetSecretAsync("beds24-refresh-harbour", CancellationToken.None); // remembered as missing

        await store.SetSecretAsync("beds24-refresh-harbour", "new-refresh-token", CancellationToken.None);
        var value = await store.GetSecretAsync("beds24-refresh-harbour", CancellationToken.None);

        Assert.Equal("new-refresh-token", _vault.Secrets["beds24-refresh-harbour"]);
        Assert.Equal("new-refresh-token", value);
    }
}
