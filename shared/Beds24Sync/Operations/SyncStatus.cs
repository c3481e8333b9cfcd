using Beds24Sync.Alerts;

namespace Beds24Sync.Operations;

/// <summary>One reading of the whole sync, as <see cref="StatusService"/> gathered it.</summary>
public sealed record SyncStatus(DateTimeOffset GeneratedAt, IReadOnlyList<AccountStatus> Accounts, IReadOnlyDictionary<string, int> QueueDepths,
    int OpenConflicts, int ConflictsTotal, int DeadLetters, IReadOnlyList<AlertEvent> RecentAlerts, TelemetrySnapshot Rolling);

public sealed record AccountStatus(string AccountId, bool Enabled, int Properties, DateTimeOffset? LastPullAt, TimeSpan? CursorLag, decimal? CreditsLeft, DateTimeOffset? CreditsResetAt);
