using Beds24Sync.Conflicts;
using Beds24Sync.Workflows.Conflicts;

namespace Beds24Sync.Workflows.Tests;

/// <summary>The conflict workflow's deadlines count from the conflict's detection, not from when its orchestration (re)started.</summary>
public sealed class ConflictDeadlineTests
{
    private static readonly DateTimeOffset Detected = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly ConflictWaitInput Input = new("c-1", TimeSpan.FromHours(4), TimeSpan.FromHours(24), 0, Detected);

    [Fact]
    public void DeadlineAt_StartedAnHourAfterDetection_RemindsFourHoursAfterDetection()
    {
        Assert.Equal(Detected.AddHours(4).UtcDateTime, Input.DeadlineAt(0, Detected.AddHours(1).UtcDateTime));
        Assert.Equal(Detected.AddHours(24).UtcDateTime, Input.DeadlineAt(1, Detected.AddHours(5).UtcDateTime));
    }

    [Fact]
    public void DeadlineAt_DeadlineAlreadyPast_FiresAtOnce()
    {
        var now = Detected.AddHours(30).UtcDateTime;

        Assert.Equal(now, Input.DeadlineAt(1, now));
    }

    [Fact]
    public void DeadlineAt_Escalated_OnlyChecksEveryEscalationPeriod()
    {
        var now = Detected.AddDays(3).UtcDateTime;

        Assert.Equal(now.AddHours(24), Input.DeadlineAt(2, now));
    }

    [Fact]
    public void For_EscalatedConflict_StartsAtTheCheckingStageWithItsDetectionTime()
    {
        var conflict = new ConflictRecord
        {
            ConflictId = "c-9",
            AccountId = "a",
            ReservationId = "r",
            Origin = "pms",
            Type = "dates",
            Rule = ConflictRules.Manual,
            Status = ConflictStatuses.Escalated,
            DetectedAt = Detected,
            Differences = [],
        };

        var input = ConflictWaitInput.For(conflict, new ConflictWorkflowOptions { ReminderAfter = TimeSpan.FromHours(4), EscalateAfter = TimeSpan.FromHours(24) });

        Assert.Equal((2, Detected, "conflict-c-9"), (input.Stage, input.DetectedAt!.Value, input.InstanceId));
    }
}
