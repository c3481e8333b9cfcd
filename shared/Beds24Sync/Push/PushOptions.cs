using System.ComponentModel.DataAnnotations;

namespace Beds24Sync.Push;

/// <summary>Section <c>Push</c>: how booking writes of many reservations share Beds24 calls (credits, docs/ARCHITECTURE.md §5b).</summary>
public sealed class PushOptions
{
    public const string SectionName = "Push";

    /// <summary>
    /// Booking writes of one account started within this window go out as one array POST. Zero sends each alone.
    /// A single change waits at most this long; a burst of N changes costs one call per <see cref="MaxBookingsPerWrite"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan WriteCoalescingWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Bookings in one POST /bookings.</summary>
    [Range(1, 100)]
    public int MaxBookingsPerWrite { get; set; } = 50;
}
