using Beds24Sync.Workflows.Hosting;
using Cronos;

namespace Beds24Sync.Host.Tests;

/// <summary>The local host's timers read the shared job table with Cronos, as the Functions host reads its [TimerTrigger]s.</summary>
public sealed class ScheduleRunnerTests
{
    [Fact]
    public void ScheduledJobs_EveryCron_ParsesWithSecondsAndFiresWithinADay()
    {
        var now = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.All(ScheduledJobs.All, job =>
        {
            var next = CronExpression.Parse(job.Cron, CronFormat.IncludeSeconds).GetNextOccurrence(now, TimeZoneInfo.Utc);
            Assert.True(next is { } at && at - now <= TimeSpan.FromDays(1), $"{job.Name} '{job.Cron}' next fires at {next}");
        });
    }

    [Fact]
    public void ScheduledJobs_Names_AreUnique()
    {
        Assert.Equal(ScheduledJobs.All.Count, ScheduledJobs.All.Select(j => j.Name).Distinct(StringComparer.Ordinal).Count());
    }
}
