using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Beds24Sync.Accounts;
using Beds24Sync.Contracts;
using Beds24Sync.Core;
using Beds24Sync.Queues;
using Beds24Sync.Secrets;
using Beds24Sync.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Webhooks;

/// <summary>
/// /api/integrations/beds24/webhook?account={accountId}: version 2 POSTs JSON; version 1 is a GET with no body and
/// <c>?bookid=…&amp;status=new|modify|cancel|message</c> appended to our URL. Beds24 cannot sign, so the caller proves
/// itself with its account's secret (<see cref="WebhookAccountGate"/>: one per account, unknown or disabled accounts
/// refused first, a rate limit per account) as a custom header or, where no header comes (version 1 may send none), as
/// a <c>key</c> in the URL, compared in constant time; behind a signing relay an optional HMAC too. The body is capped and
/// parsed, recorded for idempotency, and turned into a small "go fetch" item on beds24-inbound; the answer is
/// immediate. Nothing is enqueued for a refused request, and nothing secret or personal is logged.
/// </summary>
public sealed partial class WebhookIntake(ISecretStore secrets, IQueuePublisher queues, IWebhookEventStore events, WebhookAccountGate accounts,
    IOptions<WebhookOptions> options, TimeProvider time, ILogger<WebhookIntake> logger)
{
    private readonly WebhookOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, SecretCache> _secrets = new(StringComparer.Ordinal);
    private readonly SecretCache _signingKey = new(options.Value.SignatureSecretName);

    public async Task<WebhookResponse> HandleAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        var headers = IgnoringCase(request.Headers);
        var query = IgnoringCase(request.Query);

        // Query keys ignore case; the account id's value does not (ids are case-sensitive).
        if (!query.TryGetValue("account", out var accountId) || !AccountIds.IsValid(accountId))
        {
            LogRefused(logger, "no valid account parameter", 400);
            return Problem(400, "Bad request", $"The webhook URL must carry ?account=<account id> ({AccountIds.Rule}).");
        }

        // Unknown and disabled accounts are refused here, with nothing queued: no dead letter, no alert, no credits.
        Beds24Account? account;
        try
        {
            account = await accounts.FindAsync(accountId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogStorageFailed(logger, accountId, 0, ex.GetType().Name);
            return Problem(503, "Service unavailable", "The account could not be looked up; Beds24 will retry.");
        }

        if (account is null)
        {
            LogRefused(logger, "unknown account", 404);
            return Problem(404, "Unknown account", $"No Beds24 account '{accountId}' is registered here; check the account parameter of the webhook URL.");
        }

        if (!account.Enabled)
        {
            LogRefused(logger, "account disabled", 403);
            return Problem(403, "Account disabled", $"Account '{accountId}' is disabled; its webhooks are not accepted until it is enabled again.");
        }

        var secretName = accounts.SecretNameOf(account);
        byte[] expected;
        try
        {
            expected = await GetSecretAsync(_secrets.GetOrAdd(secretName, name => new SecretCache(name)), cancellationToken).ConfigureAwait(false);
        }
        catch (SecretNotSetException)
        {
            LogSecretNotSet(logger, secretName);
            return Problem(503, "Webhook secret not configured",
                $"The webhook secret '{secretName}' for account '{accountId}' is not set in the secret store; nothing is accepted until it is (Beds24 will retry).");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSecretUnavailable(logger, ex.GetType().Name);
            return Problem(503, "Service unavailable", "The webhook secret could not be read; Beds24 will retry.");
        }

        var presentedText = headers.TryGetValue(_options.SecretHeaderName, out var header) && header.Trim().Length > 0 ? header
            : query.TryGetValue(_options.UrlKeyParameter, out var urlKey) ? urlKey : "";
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presentedText.Trim()), expected))
        {
            LogRefused(logger, "secret header or URL key missing or wrong", 401);
            return Problem(401, "Unauthorized", $"The {_options.SecretHeaderName} header (or the '{_options.UrlKeyParameter}' URL parameter) is missing or does not match.");
        }

        if (accounts.TryAcquire(accountId) is { } wait)
        {
            LogRefused(logger, "rate limit of the account reached", 429);
            var seconds = (int)Math.Ceiling(wait.TotalSeconds);
            return Problem(429, "Too many requests", $"Account '{accountId}' sent more than {_options.RateLimitPerMinute} webhooks a minute; retry after {seconds} s.") with { RetryAfterSeconds = seconds };
        }

        if (request.ContentLength > _options.MaxBodyBytes)
        {
            LogRefused(logger, "body too large", 413);
            return Problem(413, "Payload too large", $"The body may be at most {_options.MaxBodyBytes} bytes.");
        }

        byte[]? body;
        try
        {
            body = await ReadCappedAsync(request.Body, _options.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            LogRefused(logger, "body could not be read", 400);
            return Problem(400, "Bad request", "The body could not be read completely.");
        }

        if (body is null)
        {
            LogRefused(logger, "body too large", 413);
            return Problem(413, "Payload too large", $"The body may be at most {_options.MaxBodyBytes} bytes.");
        }

        string? signatureError;
        try
        {
            signatureError = _options.RequireSignature ? await VerifySignatureAsync(headers, body, cancellationToken).ConfigureAwait(false) : null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSecretUnavailable(logger, ex.GetType().Name);
            return Problem(503, "Service unavailable", "The webhook signing key could not be read; Beds24 will retry.");
        }

        if (signatureError is not null)
        {
            LogRefused(logger, signatureError, 401);
            return Problem(401, "Unauthorized", signatureError);
        }

        // Version 1: no body, the booking id and status in the URL.
        var payload = body.Length == 0 && query.ContainsKey("bookid")
            ? WebhookPayload.FromQuery(query, out var parseError)
            : WebhookPayload.Parse(body, out parseError);
        if (payload is null)
        {
            LogRefused(logger, "malformed body", 400);
            return Problem(400, "Bad request", parseError!);
        }

        var key = IdempotencyKey(accountId, payload, body, time.GetUtcNow());
        try
        {
            if (await events.SeenAsync(accountId, key, cancellationToken).ConfigureAwait(false))
            {
                LogDuplicate(logger, accountId, payload.BookingId);
                return new WebhookResponse(200, null);
            }

            // Enqueue first, then remember: if remembering fails, a redelivery enqueues again (harmless: the
            // processor dedupes by content); the reverse order could lose the change.
            await queues.SendAsync(StorageNames.Queues.Beds24Inbound, new InboundWorkItem
            {
                // Unique per enqueue (the processor's claim): two racing deliveries of one key are two claimants, not one.
                MessageId = $"webhook-{key}-{Guid.NewGuid():N}",
                AccountId = accountId,
                Source = InboundSources.Webhook,
                BookingIds = [payload.BookingId],
                CreatedAt = time.GetUtcNow(),
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
            await events.RecordAsync(accountId, key, payload.BookingId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Storage down (the SDK may also throw AggregateException after its retries): 503, and Beds24 delivers again.
            LogStorageFailed(logger, accountId, payload.BookingId, ex.GetType().Name);
            return Problem(503, "Service unavailable", "The webhook could not be queued; Beds24 will retry.");
        }

        LogAccepted(logger, accountId, payload.BookingId, payload.PayloadVersion);
        return new WebhookResponse(200, null);
    }

    private static string IdempotencyKey(string accountId, WebhookPayload payload, byte[] body, DateTimeOffset now)
    {
        // The same booking version delivered twice is one event. Version 1 carries no version, and two different
        // modifications look alike, so only identical deliveries within the same minute collapse there.
        var marker = payload.PayloadVersion == 1
            ? $"v1|{payload.VersionMarker}|{Convert.ToHexString(SHA256.HashData(body))}|{now:yyyyMMddHHmm}"
            : payload.VersionMarker ?? Convert.ToHexString(SHA256.HashData(body));
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{accountId}|{payload.BookingId}|{marker}"));
        return payload.BookingId.ToString(CultureInfo.InvariantCulture) + "-" + Convert.ToHexString(hash, 0, 12);
    }

    private async Task<string?> VerifySignatureAsync(Dictionary<string, string> headers, byte[] body, CancellationToken cancellationToken)
    {
        if (!headers.TryGetValue(_options.SignatureHeaderName, out var signature) || !headers.TryGetValue(_options.TimestampHeaderName, out var timestampText))
        {
            return "The signature or timestamp header is missing.";
        }

        if (!long.TryParse(timestampText, NumberStyles.None, CultureInfo.InvariantCulture, out var unixSeconds)
            || (time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(unixSeconds)).Duration() > _options.SignatureTolerance)
        {
            return "The signature timestamp is missing, malformed or outside the allowed window.";
        }

        var key = await GetSecretAsync(_signingKey, cancellationToken).ConfigureAwait(false);
        var signed = Encoding.UTF8.GetBytes(timestampText + ".").Concat(body).ToArray();
        var expected = HMACSHA256.HashData(key, signed);
        var presented = signature.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase) ? signature[7..] : signature;
        byte[] presentedBytes;
        try
        {
            presentedBytes = Convert.FromHexString(presented);
        }
        catch (FormatException)
        {
            return "The signature is not hexadecimal.";
        }

        return CryptographicOperations.FixedTimeEquals(presentedBytes, expected) ? null : "The signature does not match the body.";
    }

    private async Task<byte[]> GetSecretAsync(SecretCache cache, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (cache.Current is { } cached && now - cached.FetchedAt < _options.SecretCacheDuration)
        {
            return cached.Value;
        }

        var value = await secrets.GetSecretAsync(cache.Name, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new SecretNotSetException(cache.Name);
        }

        var bytes = Encoding.UTF8.GetBytes(value.Trim());
        cache.Current = new CachedSecret(bytes, now); // one reference write: readers see the old or the new pair, never a mix
        return bytes;
    }

    private static Dictionary<string, string> IgnoringCase(IReadOnlyDictionary<string, string> values)
    {
        // Not the copy constructor: two keys differing only in case would throw; the last one wins instead.
        var result = new Dictionary<string, string>(values.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in values)
        {
            result[name] = value;
        }

        return result;
    }

    private static async Task<byte[]?> ReadCappedAsync(Stream body, int cap, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > cap)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static WebhookResponse Problem(int status, string title, string detail) => new(status, ProblemDetailsJson.Create(status, title, detail, "/api/integrations/beds24/webhook"));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook refused ({Status}): {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason, int status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook for account {AccountId} booking {BookingId} (v{Version}) queued")]
    private static partial void LogAccepted(ILogger logger, string accountId, long bookingId, int version);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Duplicate webhook for account {AccountId} booking {BookingId} ignored")]
    private static partial void LogDuplicate(ILogger logger, string accountId, long bookingId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook secret {SecretName} is not set; webhooks answered 503 until it is")]
    private static partial void LogSecretNotSet(ILogger logger, string secretName);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook secret unavailable ({Error})")]
    private static partial void LogSecretUnavailable(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook for account {AccountId} booking {BookingId} could not be queued ({Error}); answered 503")]
    private static partial void LogStorageFailed(ILogger logger, string accountId, long bookingId, string error);

    private sealed class SecretNotSetException(string name) : Exception($"Secret '{name}' is not set.");

    private sealed record CachedSecret(byte[] Value, DateTimeOffset FetchedAt);

    private sealed class SecretCache(string name)
    {
        public string Name { get; } = name;

        public volatile CachedSecret? Current;
    }
}
