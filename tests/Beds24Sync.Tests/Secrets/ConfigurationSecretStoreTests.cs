using Beds24Sync.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Tests.Secrets;

public sealed class ConfigurationSecretStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("beds24sync-secrets-").FullName;

    private ConfigurationSecretStore Store(string? file, Dictionary<string, string?>? settings = null) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build(), Options.Create(new SecretStoreOptions { LocalFile = file }));

    [Fact]
    public async Task GetSecretAsync_ConfiguredUnderSecretsSection_ReturnsIt()
    {
        var store = Store(null, new() { ["Secrets:beds24-webhook-secret"] = "from-config" });

        Assert.Equal("from-config", await store.GetSecretAsync("beds24-webhook-secret", CancellationToken.None));
    }

    [Fact]
    public async Task GetSecretAsync_NowhereToBeFound_ReturnsNull() =>
        Assert.Null(await Store(Path.Combine(_dir, "absent.json")).GetSecretAsync("beds24-refresh-harbour", CancellationToken.None));

    [Fact]
    public async Task SetSecretAsync_WritesTheLocalFileOwnerOnly_AndANewStoreReadsIt()
    {
        var file = Path.Combine(_dir, "nested", "secrets.json");

        await Store(file).SetSecretAsync("beds24-refresh-harbour", "refresh-1", CancellationToken.None);
        await Store(file).SetSecretAsync("beds24-refresh-lake", "refresh-2", CancellationToken.None);
        var reread = Store(file);

        Assert.Equal("refresh-1", await reread.GetSecretAsync("beds24-refresh-harbour", CancellationToken.None));
        Assert.Equal("refresh-2", await reread.GetSecretAsync("beds24-refresh-lake", CancellationToken.None));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public async Task SetSecretAsync_InvalidName_ThrowsAndWritesNothing()
    {
        var file = Path.Combine(_dir, "secrets.json");

        await Assert.ThrowsAsync<ArgumentException>(() => Store(file).SetSecretAsync("bad/name", "x", CancellationToken.None));

        Assert.False(File.Exists(file));
    }

    [Fact]
    public void IsInsideRepository_FileUnderAGitWorkingTree_IsTrue_ElsewhereFalse()
    {
        var repo = Directory.CreateDirectory(Path.Combine(_dir, "repo"));
        Directory.CreateDirectory(Path.Combine(repo.FullName, ".git"));
        Directory.CreateDirectory(Path.Combine(repo.FullName, "tools"));

        Assert.True(SecretFileLocation.IsInsideRepository(Path.Combine(repo.FullName, "tools", "secrets.json")));
        Assert.False(SecretFileLocation.IsInsideRepository(Path.Combine(_dir, "outside", "secrets.json")));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
