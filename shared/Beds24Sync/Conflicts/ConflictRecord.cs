using Azure;

namespace Beds24Sync.Conflicts;

/// <summary>A detected conflict (table SyncConflicts): both snapshots, what differs, the rule that fired, and its decision.</summary>
public sealed record ConflictRecord
{
    public required string ConflictId { get; init; }
    public required string AccountId { get; init; }
    public required string ReservationId { get; init; }
    public long? Beds24BookingId { get; init; }
    public string? PropertyId { get; init; }
    public string? Channel { get; init; }
    /// <summary>Which side's change met the other: pms or beds24.</summary>
    public required string Origin { get; init; }
    /// <summary>both-modified, status, dates, room, amount (the first that applies; all differing fields are listed).</summary>
    public required string Type { get; init; }
    public required IReadOnlyList<FieldDifference> Differences { get; init; }
    /// <summary>ota-beds24-wins, direct-pms-wins, manual.</summary>
    public required string Rule { get; init; }
    /// <summary>open, resolved, escalated.</summary>
    public required string Status { get; init; }
    public string? PmsSnapshot { get; init; }
    public long? PmsVersion { get; init; }
    public string? Beds24Snapshot { get; init; }
    public required DateTimeOffset DetectedAt { get; init; }
    public DateTimeOffset? RemindedAt { get; init; }
    public DateTimeOffset? EscalatedAt { get; init; }
    public string? Decision { get; init; }
    public IReadOnlyDictionary<string, string>? MergeChoices { get; init; }
    public string? DecidedBy { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public string? Comment { get; init; }
    /// <summary>Every compared field with both sides' values (differing ones flagged), for the side-by-side view.</summary>
    public IReadOnlyList<ComparedField>? Fields { get; init; }
    /// <summary>What happened to this conflict, oldest first: detected, updated, reminded, escalated, resolved (who, when, what).</summary>
    public IReadOnlyList<ConflictAuditEntry>? History { get; init; }

    /// <summary>This record with one more audit entry.</summary>
    public ConflictRecord Audited(DateTimeOffset at, string who, string what) => this with { History = [.. History ?? [], new ConflictAuditEntry(at, who, what)] };

    [System.Text.Json.Serialization.JsonIgnore]
    public ETag ETag { get; init; }
}

