namespace Beds24Sync.Conflicts;

/// <summary>One page of conflicts; <paramref name="ContinuationToken"/> asks for the next (null on the last page).</summary>
public sealed record ConflictPage(IReadOnlyList<ConflictRecord> Items, string? ContinuationToken);
