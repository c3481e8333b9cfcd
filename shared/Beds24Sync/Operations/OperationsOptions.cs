using System.ComponentModel.DataAnnotations;

namespace Beds24Sync.Operations;

/// <summary>Section <c>Operations</c>: the rolling window of /status and of the app's alert rules.</summary>
public sealed class OperationsOptions
{
    public const string SectionName = "Operations";

    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan StatisticsWindow { get; set; } = SyncStatistics.DefaultWindow;
}
