namespace Beds24Sync.Conflicts;

/// <summary>What to list. All parts are optional and combine with "and".</summary>
/// <param name="Search">A reservation id prefix (case-insensitive), an exact Beds24 booking id, or an exact conflict id.</param>
public sealed record ConflictFilter(string? PropertyId = null, string? Status = null, string? Type = null, string? Search = null);
