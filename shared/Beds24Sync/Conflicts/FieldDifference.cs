namespace Beds24Sync.Conflicts;

/// <summary>One field that differs: its name and each side's value as text.</summary>
public sealed record FieldDifference(string Field, string? Pms, string? Beds24);
