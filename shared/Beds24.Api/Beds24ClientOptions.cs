using System.ComponentModel.DataAnnotations;
using Beds24.Api.Credits;

namespace Beds24.Api;

/// <summary>Settings of the Beds24 client, bound from configuration section <c>Beds24</c> and validated at start-up.</summary>
public sealed class Beds24ClientOptions
{
    public const string SectionName = "Beds24";

    /// <summary>API root, ending in <c>/v2/</c>. Point it at the simulator locally.</summary>
    [Required]
    public Uri BaseAddress { get; set; } = new("https://beds24.com/api/v2/");

    /// <summary>Sent as the <c>organization</c> header by integration partners.</summary>
    public string? Organization { get; set; }

    /// <summary>Access tokens are refreshed this long before Beds24 says they expire.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Timeout of one HTTP attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of transient faults inside one call (<c>Beds24:Retry:*</c>).</summary>
    public Beds24RetryOptions Retry { get; } = new();

    /// <summary>The circuit breaker shared by every account (<c>Beds24:CircuitBreaker:*</c>).</summary>
    public Beds24CircuitBreakerOptions CircuitBreaker { get; } = new();

    /// <summary>Credits kept in reserve: calls wait for the window to reset when fewer remain.</summary>
    [Range(0, 1000)]
    public decimal CreditReserve { get; set; } = 2m;

    /// <summary>
    /// Credits kept for availability: booking pushes (inside <see cref="Beds24CallPriority.BookingPushes"/>) wait
    /// for the window when fewer remain. At least one full booking batch's cost plus a calendar push: a POST of 100
    /// bookings costs 11 credits if Beds24 charges 0.1 per item (one item measured live at 1.1), so 15 leaves room.
    /// </summary>
    [Range(0, 1000)]
    public decimal BookingPushCreditReserve { get; set; } = 15m;

    /// <summary>
    /// Credits kept for pushes: background calls (re-reads, pulls, inside <see cref="Beds24CallPriority.Background"/>)
    /// wait for the window when fewer remain, so availability and booking pushes always find credits.
    /// </summary>
    [Range(0, 1000)]
    public decimal BackgroundCreditReserve { get; set; } = 30m;

    /// <summary>
    /// Where calls of <paramref name="share"/> stop: each share's reserve, never below a more urgent share's (a
    /// misordered setting cannot let reads outlast pushes).
    /// </summary>
    public decimal ReserveFor(Beds24CallShare share) => share switch
    {
        Beds24CallShare.Background => Math.Max(BackgroundCreditReserve, ReserveFor(Beds24CallShare.BookingPushes)),
        Beds24CallShare.BookingPushes => Math.Max(BookingPushCreditReserve, CreditReserve),
        _ => CreditReserve,
    };

    /// <summary>Longest a call waits for credits before failing with a rate-limit error.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MaxCreditWait { get; set; } = TimeSpan.FromMinutes(6);

    /// <summary>Largest number of booking ids sent in one GET /bookings (the URL stays well under limits).</summary>
    [Range(1, 500)]
    public int MaxIdsPerRequest { get; set; } = 100;
}

/// <summary>Retries of transient faults (5xx, timeouts, dropped connections) inside one call, with jittered exponential backoff.</summary>
public sealed class Beds24RetryOptions
{
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First retry delay; grows exponentially with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>Opens when the failure ratio over the sampling window is reached, then refuses calls for the break duration.</summary>
public sealed class Beds24CircuitBreakerOptions
{
    [Range(0.01, 1.0)]
    public double FailureRatio { get; set; } = 0.5;

    [Range(2, 1000)]
    public int MinimumThroughput { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}
