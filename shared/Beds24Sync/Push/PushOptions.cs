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

    /// <summary>
    /// The longest a write waits for its batch while others keep joining (never less than the window). A burst flows
    /// through the pipeline at about ten changes a second here, so 10 s fills a POST of 100 (measured: 1,000 creates in
    /// 11 POSTs; with 5 s, 16). Only changes inside a burst wait this long, once per step (read, check, write).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan LongestCoalescingWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The largest batch: one page of the by-id read that finds and reads back a batch's bookings, far below the
    /// 10,000 items Beds24 takes in one POST (wiki, API V2.0). Each booking write is one activity waiting on the
    /// batch, so a host runs at least this many activities at once (<c>ActivityConcurrency</c>).
    /// </summary>
    public const int LargestBatch = 100;

    /// <summary>Bookings in one POST /bookings. Each call costs a base credit whatever it holds, so fuller is cheaper.</summary>
    [Range(1, LargestBatch)]
    public int MaxBookingsPerWrite { get; set; } = LargestBatch;
}
