namespace Beds24Sync.Contracts;

/// <summary>
/// What could not be processed, on <c>beds24-deadletter</c> and in the <c>DeadLetters</c> table: the original message
/// untouched, where it came from, why it failed and how often it was tried. Replay puts it back on its source queue.
/// </summary>
public sealed record DeadLetterMessage
{
    public const int CurrentSchemaVersion = 1;

    public required string MessageId { get; init; }
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    /// <summary>The queue (or entry point, e.g. "webhook") the original came from.</summary>
    public required string Source { get; init; }
    /// <summary>A stable category: validation, mapping, permanent, exhausted, poison.</summary>
    public required string Category { get; init; }
    public required string Reason { get; init; }
    public int Attempts { get; init; }
    public string? AccountId { get; init; }
    /// <summary>Business key (reservation id, room/date range) to find it by.</summary>
    public string? Subject { get; init; }
    public required string OriginalMessage { get; init; }
    public required DateTimeOffset DeadLetteredAt { get; init; }
}

public static class DeadLetterCategories
{
    public const string Validation = "validation";
    public const string Mapping = "mapping";
    public const string Permanent = "permanent";
    public const string Exhausted = "exhausted";
    public const string Poison = "poison";
    /// <summary>Beds24 has no room for the booking or change: not applied, so nothing was overbooked.</summary>
    public const string NoAvailability = "no-availability";
}
