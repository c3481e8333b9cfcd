namespace Beds24Sync.Contracts;

/// <summary>
/// Internal work on <c>beds24-inbound</c>: "go fetch these bookings". Webhooks and pulls only hint; the processor
/// re-reads the bookings from Beds24 before acting.
/// </summary>
public sealed record InboundWorkItem
{
    public const int CurrentSchemaVersion = 1;

    public required string MessageId { get; init; }
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    public required string AccountId { get; init; }
    /// <summary>webhook, pull, full-pull, replay.</summary>
    public required string Source { get; init; }
    public required IReadOnlyList<long> BookingIds { get; init; }
    /// <summary>Booking ids known deleted (a webhook said so, or a full pull no longer finds them).</summary>
    public IReadOnlyList<long>? DeletedBookingIds { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}

/// <summary>Where an inbound work item came from. Conflict and replay items are published even when unchanged.</summary>
public static class InboundSources
{
    public const string Webhook = "webhook";
    public const string Pull = "pull";
    public const string FullPull = "full-pull";
    public const string Conflict = "conflict";
    public const string Replay = "replay";
}
