using System.ComponentModel.DataAnnotations;

namespace Beds24Sync.Pull;

/// <summary>Section <c>Pull</c>: the incremental and nightly pulls.</summary>
public sealed class PullOptions
{
    public const string SectionName = "Pull";

    /// <summary>modifiedFrom = cursor − overlap, so changes stamped just before the last run's end are not missed.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan Overlap { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How far back the very first incremental pull of an account looks.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan InitialLookback { get; set; } = TimeSpan.FromDays(1);

    /// <summary>A run holds the account's cursor this long; a second run meanwhile skips (it would duplicate work).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Bookings handed to the processor per batch.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// A full pull in which more than this share of a property's live links is no longer listed by Beds24 alerts
    /// instead of checking them for deletion (a lost scope or moved property hides everything at once).
    /// </summary>
    [Range(0.0, 1.0)]
    public double VanishedAlertFraction { get; set; } = 0.05;

    /// <summary>Up to this many vanished bookings per property are always checked, whatever the share (small properties).</summary>
    [Range(0, 10000)]
    public int VanishedAlertMinimum { get; set; } = 5;
}
