using System.ComponentModel.DataAnnotations;

namespace Beds24Sync.Conflicts;

/// <summary>Section <c>Conflicts</c>: how long an open conflict waits before a reminder, then an escalation.</summary>
public sealed class ConflictWorkflowOptions
{
    public const string SectionName = "Conflicts";

    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan ReminderAfter { get; set; } = TimeSpan.FromHours(4);

    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan EscalateAfter { get; set; } = TimeSpan.FromHours(24);
}
