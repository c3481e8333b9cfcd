using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Beds24Sync.Accounts;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Webhooks;

/// <summary>
/// Which account a webhook claims to be for, before anything is queued: the account row (cached for
/// <see cref="WebhookOptions.SecretCacheDuration"/>, so a flood of webhooks is not a flood of table reads), the name of
/// the secret that account accepts, and a per-account token bucket (<see cref="WebhookOptions.RateLimitBurst"/> at once,
/// <see cref="WebhookOptions.RateLimitPerMinute"/> sustained)
/// (System.Threading.RateLimiting) so one account's header cannot spend another's credits or all of its own.
/// </summary>
public sealed class WebhookAccountGate : IDisposable
{
    private readonly IAccountStore _accounts;
    private readonly WebhookOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, (Beds24Account? Account, DateTimeOffset Until)> _rows = new(StringComparer.Ordinal);

    /// <summary>An unknown id is remembered briefly only: a newly connected account's webhooks are accepted within this.</summary>
    public static readonly TimeSpan UnknownAccountCacheDuration = TimeSpan.FromSeconds(30);
    private readonly PartitionedRateLimiter<string> _limiter;

    public WebhookAccountGate(IAccountStore accounts, IOptions<WebhookOptions> options, TimeProvider time)
    {
        _accounts = accounts;
        _options = options.Value;
        _time = time;
        var perMinute = _options.RateLimitPerMinute;
        var burst = Math.Max(perMinute, _options.RateLimitBurst);
        _limiter = PartitionedRateLimiter.Create<string, string>(accountId => RateLimitPartition.GetTokenBucketLimiter(accountId, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = Math.Max(1, perMinute / 60),
            ReplenishmentPeriod = TimeSpan.FromSeconds(perMinute >= 60 ? 1 : 60.0 / perMinute),
            QueueLimit = 0,
            AutoReplenishment = true,
        }), StringComparer.Ordinal);
    }

    /// <returns>The account row, or null when no such account is registered. Throws when the store cannot be read.</returns>
    public async Task<Beds24Account?> FindAsync(string accountId, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_rows.TryGetValue(accountId, out var cached) && now < cached.Until)
        {
            return cached.Account;
        }

        var account = await _accounts.GetAsync(accountId, cancellationToken).ConfigureAwait(false);
        if (_rows.Count > 10_000)
        {
            _rows.Clear(); // bounded: unknown ids are cached too, and anyone can make those up
        }

        var duration = account is null ? TimeSpan.FromTicks(Math.Min(UnknownAccountCacheDuration.Ticks, _options.SecretCacheDuration.Ticks)) : _options.SecretCacheDuration;
        _rows[accountId] = (account, now + duration);
        return account;
    }

    /// <summary>The secret this account's webhooks must present: its own, or the shared one for rows that name none.</summary>
    public string SecretNameOf(Beds24Account account) => account.WebhookSecretName ?? _options.SecretName;

    /// <returns>Null when the webhook may go on; otherwise how long the caller should wait.</returns>
    public TimeSpan? TryAcquire(string accountId)
    {
        using var lease = _limiter.AttemptAcquire(accountId);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero ? retryAfter : TimeSpan.FromSeconds(1);
    }

    public void Dispose() => _limiter.Dispose();
}
