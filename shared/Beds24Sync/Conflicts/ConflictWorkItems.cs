using Beds24Sync.Contracts;

namespace Beds24Sync.Conflicts;

/// <summary>Messages a conflict sends through the normal paths when Beds24's state must reach the PMS.</summary>
internal static class ConflictWorkItems
{
    /// <summary>"Re-read this booking and publish it to the PMS" (source conflict: published even when unchanged, without a new gate check).</summary>
    public static InboundWorkItem Republish(ConflictRecord conflict, long bookingId, DateTimeOffset now) => new()
    {
        MessageId = $"conflict-{conflict.ConflictId}",
        AccountId = conflict.AccountId,
        Source = InboundSources.Conflict,
        BookingIds = [bookingId],
        CreatedAt = now,
    };
}
