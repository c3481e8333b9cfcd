namespace Beds24Sync.Conflicts;

/// <summary>One compared field, both sides' values as text (PMS terms), and whether they differ.</summary>
public sealed record ComparedField(string Field, string? Pms, string? Beds24, bool Differs);
