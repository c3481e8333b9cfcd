namespace Beds24.Api.Auth;

/// <summary>
/// One account's access token, kept until shortly before it expires. Only one refresh runs at a time per account:
/// minting tokens costs credits, and concurrent refreshes would waste them.
/// </summary>
internal sealed class AccessTokenCache(TimeProvider timeProvider, TimeSpan refreshMargin) : IDisposable
{
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private CachedToken? _current;

    /// <param name="mint">Gets a new token and its lifetime from Beds24.</param>
    public async ValueTask<string> GetAsync(Func<CancellationToken, Task<(string Token, TimeSpan ExpiresIn)>> mint, CancellationToken cancellationToken)
    {
        if (Valid(_current) is { } token)
        {
            return token;
        }

        await _refreshLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Valid(_current) is { } refreshedMeanwhile)
            {
                return refreshedMeanwhile;
            }

            var (newToken, expiresIn) = await mint(cancellationToken).ConfigureAwait(false);
            // A token shorter-lived than twice the margin is still used for half its life, not refreshed on every call.
            var margin = expiresIn < refreshMargin * 2 ? expiresIn / 2 : refreshMargin;
            _current = new CachedToken(newToken, timeProvider.GetUtcNow() + expiresIn - margin);
            return newToken;
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    /// <summary>Forget whatever token is cached (e.g. after the refresh token was revoked).</summary>
    public void Clear() => Interlocked.Exchange(ref _current, null);

    /// <summary>Forget <paramref name="token"/> (Beds24 refused it), unless a newer one already replaced it.</summary>
    public void Invalidate(string token)
    {
        var current = _current;
        if (current is not null && current.Token == token)
        {
            Interlocked.CompareExchange(ref _current, null, current);
        }
    }

    public void Dispose() => _refreshLock.Dispose();

    private string? Valid(CachedToken? token) =>
        token is not null && timeProvider.GetUtcNow() < token.RefreshAt ? token.Token : null;

    private sealed record CachedToken(string Token, DateTimeOffset RefreshAt);
}
