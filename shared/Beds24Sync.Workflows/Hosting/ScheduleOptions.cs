using Cronos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Workflows.Hosting;

/// <summary>
/// The cron each timer runs on, from the flat <c>Schedule_&lt;Job&gt;</c> settings (the ones the Functions
/// triggers name), or the job's default. Checked at start-up in both hosts: a setting that is not a six-field cron
/// stops start-up with its name, rather than a timer that never fires.
/// </summary>
public sealed class ScheduleOptions
{
    /// <summary>Job name → cron (six fields, UTC).</summary>
    public Dictionary<string, string> Crons { get; } = new(StringComparer.Ordinal);

    /// <summary>The cron of <paramref name="job"/>.</summary>
    public string CronOf(ScheduledJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return Crons.TryGetValue(job.Name, out var cron) ? cron : job.DefaultCron;
    }

    /// <summary>Reads every job's setting from <paramref name="configuration"/>.</summary>
    public static void Read(ScheduleOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var job in ScheduledJobs.All)
        {
            var value = configuration[job.Setting];
            options.Crons[job.Name] = string.IsNullOrWhiteSpace(value) ? job.DefaultCron : value.Trim();
        }
    }

    /// <summary>Every configured cron parses as six fields (seconds first), as the Functions timer expects.</summary>
    public static ValidateOptionsResult Validate(ScheduleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        foreach (var job in ScheduledJobs.All)
        {
            var cron = options.CronOf(job);
            try
            {
                if (cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 6)
                {
                    throw new CronFormatException("expected six fields: second minute hour day month weekday");
                }

                CronExpression.Parse(cron, CronFormat.IncludeSeconds);
            }
            catch (CronFormatException ex)
            {
                failures.Add($"Setting '{job.Setting}' = '{cron}' is not a six-field cron (UTC), e.g. '{job.DefaultCron}': {ex.Message}");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Start-up check of <see cref="ScheduleOptions"/>, naming each bad setting.</summary>
internal sealed class ScheduleOptionsValidator : IValidateOptions<ScheduleOptions>
{
    public ValidateOptionsResult Validate(string? name, ScheduleOptions options) => ScheduleOptions.Validate(options);
}
