namespace Beds24Sync.Conflicts;

/// <summary>One step in a conflict's life: when, who (an operator, "rule:…" or "system"), and what was done.</summary>
public sealed record ConflictAuditEntry(DateTimeOffset At, string Who, string What);
