using System.ComponentModel.DataAnnotations;

namespace Beds24Sync.Webhooks;

/// <summary>Webhook intake settings (section <c>Webhook</c>). Secrets are read by name from the secret store.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhook";

    /// <summary>The custom header Beds24 sends (configured in Beds24 as a "Name: value" line).</summary>
    [Required]
    public string SecretHeaderName { get; set; } = "X-Beds24-Secret";

    /// <summary>
    /// URL parameter that may carry the secret instead of the header, for version 1 webhooks that send no custom header
    /// (configure the webhook URL as <c>…/webhook?account=ID&amp;key=SECRET</c>).
    /// </summary>
    [Required]
    public string UrlKeyParameter { get; set; } = "key";

    /// <summary>
    /// Secret-store name of the expected header value for accounts whose row names no secret of their own
    /// (<see cref="Accounts.Beds24Account.WebhookSecretName"/>). An account with its own secret accepts only that one.
    /// </summary>
    [Required]
    public string SecretName { get; set; } = "beds24-webhook-secret";

    /// <summary>
    /// Accepted webhooks per account and minute, sustained (a token bucket refilled every second), per instance: one
    /// account's header cannot make the app spend another's credits, nor all of its own. Past it: 429 with Retry-After
    /// (Beds24 delivers again later, and the pulls reconcile).
    /// </summary>
    [Range(1, 100_000)]
    public int RateLimitPerMinute { get; set; } = 600;

    /// <summary>
    /// Webhooks an account may send at once above the sustained rate (the bucket's size): an OTA storm of a thousand
    /// changes passes; a flood does not. Never below <see cref="RateLimitPerMinute"/>.
    /// </summary>
    [Range(1, 1_000_000)]
    public int RateLimitBurst { get; set; } = 2000;

    [Range(1024, 4 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Also require an HMAC-SHA256 signature (for deployments behind a signing relay; Beds24 itself cannot sign).</summary>
    public bool RequireSignature { get; set; }

    public string SignatureHeaderName { get; set; } = "X-Signature";

    public string TimestampHeaderName { get; set; } = "X-Signature-Timestamp";

    public string SignatureSecretName { get; set; } = "beds24-webhook-signing-key";

    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan SignatureTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a fetched secret or account row is reused before it is read again (rotation, enabling or disabling take effect within this time).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan SecretCacheDuration { get; set; } = TimeSpan.FromMinutes(5);
}
