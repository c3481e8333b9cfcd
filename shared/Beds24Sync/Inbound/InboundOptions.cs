using System.ComponentModel.DataAnnotations;

namespace Beds24Sync.Inbound;

/// <summary>Section <c>Inbound</c>: processing of Beds24 bookings on their way to the PMS.</summary>
public sealed class InboundOptions
{
    public const string SectionName = "Inbound";

    /// <summary>Bookings of one batch processed at once (each is guarded by its own link's ETag).</summary>
    [Range(1, 64)]
    public int Parallelism { get; set; } = 16;

    /// <summary>
    /// By-id reads of one account (hints, and pushes reading the current booking) handled within this window share one
    /// Beds24 read of up to 100 ids (credits: one read instead of one per webhook). Zero reads each at once. A fixed
    /// window, not a quiet gap: measured, a quiet gap split an OTA storm into more, part-filled reads (37 for 1,000 changes, not 21).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:30")]
    public TimeSpan HintCoalescingWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A version recorded on its link but not yet confirmed published belongs to the worker that recorded it; after
    /// this long without confirmation another worker may take it over and publish it (the first one died).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan PublishClaimTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
