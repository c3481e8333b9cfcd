using System.ComponentModel.DataAnnotations;

namespace Beds24Sync.Push;

/// <summary>Section <c>Push</c>: how booking writes of many reservations share Beds24 calls (credits, docs/ARCHITECTURE.md §5b).</summary>
public sealed class PushOptions
{
    public const string SectionName = "Push";

    /// <summary>
    /// Booking writes (and the availability checks and create look-ups before them) of one account go out together
    /// until none has joined for this long: one array POST of up to <see cref="MaxBookingsPerWrite"/>. Zero sends each
    /// alone. A single change waits this long; a burst keeps filling its batch, up to <see cref="LongestCoalescingWait"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan WriteCoalescingWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest a write waits for its batch while others keep joining (never less than the window).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan LongestCoalescingWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Bookings in one POST /bookings.</summary>
    [Range(1, 100)]
    public int MaxBookingsPerWrite { get; set; } = 50;
}
