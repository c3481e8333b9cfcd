using Beds24Sync.Workflows.Hosting;
using Cronos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Host.Tests;

/// <summary>The timers' crons come from the Schedule_* settings both hosts read, with the table's defaults, checked at start-up.</summary>
public sealed class ScheduleRunnerTests
{
    [Fact]
    public void ScheduledJobs_EveryDefaultCron_ParsesWithSecondsAndFiresWithinADay()
    {
        var now = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.All(ScheduledJobs.All, job =>
        {
            var next = CronExpression.Parse(job.DefaultCron, CronFormat.IncludeSeconds).GetNextOccurrence(now, TimeZoneInfo.Utc);
            Assert.True(next is { } at && at - now <= TimeSpan.FromDays(1), $"{job.Name} '{job.DefaultCron}' next fires at {next}");
        });
    }

    [Fact]
    public void ScheduledJobs_NamesAndSettings_AreUniqueAndFlat()
    {
        Assert.Equal(ScheduledJobs.All.Count, ScheduledJobs.All.Select(j => j.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.All(ScheduledJobs.All, job => Assert.Matches("^Schedule_[A-Za-z]+$", job.Setting));
    }

    private static ScheduleOptions Resolve(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddBeds24WorkflowActivities();
        return services.BuildServiceProvider().GetRequiredService<IOptions<ScheduleOptions>>().Value;
    }

    [Fact]
    public void ScheduleOptions_NoSettings_UsesEachJobsDefault()
    {
        var options = Resolve();

        Assert.All(ScheduledJobs.All, job => Assert.Equal(job.DefaultCron, options.CronOf(job)));
    }

    [Fact]
    public void ScheduleOptions_SettingGiven_OverridesThatJobOnly()
    {
        var options = Resolve(("Schedule_IncrementalPull", " 0 */2 * * * * "));

        Assert.Equal("0 */2 * * * *", options.CronOf(ScheduledJobs.All.Single(j => j.Name == "IncrementalPull")));
        Assert.Equal("0 0 3 * * *", options.CronOf(ScheduledJobs.All.Single(j => j.Name == "NightlyFullPull")));
    }

    [Theory]
    [InlineData("*/5 * * * *")]
    [InlineData("every five minutes")]
    [InlineData("0 */5 * * * * *")]
    public void ScheduleOptions_SettingNotASixFieldCron_FailsNamingTheSetting(string cron)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(("Schedule_NightlyFullPull", cron)));

        Assert.Contains("Schedule_NightlyFullPull", error.Message, StringComparison.Ordinal);
        Assert.Contains("six-field", error.Message, StringComparison.Ordinal);
    }
}
