using Beds24Sync.Alerts;
using Beds24Sync.Pull;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Beds24Sync.Workflows.Pull;

/// <summary>
/// The nightly reconciliation (instance id <c>full-pull-{yyyyMMdd}</c>), fanned out per property: one activity per
/// property (same retry policy), all in parallel. A property that still fails is reported, not allowed to sink the
/// others; the output (visible in the Durable monitor) is every property's report plus the failures.
/// </summary>
public static class FullPullOrchestrator
{
    public static async Task<FullPullSummary> RunAsync(TaskOrchestrationContext context)
    {
        var logger = context.CreateReplaySafeLogger(WorkflowNames.FullPullOrchestrator);
        var input = context.GetInput<FullPullInput>() ?? new FullPullInput();
        var targets = await context.CallActivityAsync<IReadOnlyList<FullPullTarget>>(WorkflowNames.PlanFullPull, input);
        var retry = (input.Retry ?? RetrySchedule.Default).ToTaskOptions();
        var outcomes = await Task.WhenAll(targets.Select(target => ReconcileAsync(context, target, retry)));
        var summary = new FullPullSummary(
            [.. outcomes.Where(o => o.Report is not null).Select(o => o.Report!)],
            [.. outcomes.Where(o => o.Error is not null).Select(o => new FullPullFailure(o.Target.AccountId, o.Target.Beds24PropertyId, o.Error!))]);
        logger.LogInformation("Full pull: {Properties} properties reconciled, {Failed} failed, {Repaired} bookings repaired, {Conflicts} conflicts raised",
            summary.Reports.Count, summary.Failures.Count, summary.Reports.Sum(r => r.MissingInPms + r.Differing), summary.Reports.Sum(r => r.Conflicts));
        if (summary.Failures.Count > 0)
        {
            await context.CallActivityAsync(WorkflowNames.ReportFullPullFailures, summary.Failures);
        }

        return summary;
    }

    private static async Task<PropertyOutcome> ReconcileAsync(TaskOrchestrationContext context, FullPullTarget target, TaskOptions retry)
    {
        try
        {
            return new(target, await context.CallActivityAsync<ReconciliationReport>(WorkflowNames.ReconcileProperty, target, retry), null);
        }
        catch (TaskFailedException ex)
        {
            return new(target, null, ex.FailureDetails.ErrorMessage);
        }
    }

    private sealed record PropertyOutcome(FullPullTarget Target, ReconciliationReport? Report, string? Error);
}

/// <summary>Input of the nightly reconciliation (optional: the retry schedule).</summary>
/// <param name="AccountId">Only this account (the CLI); null for every enabled account (the nightly run).</param>
public sealed record FullPullInput(RetrySchedule? Retry = null, string? AccountId = null)
{
    /// <summary>The nightly run's instance id: one per UTC date.</summary>
    public static string NightlyInstanceId(DateTimeOffset now) => $"full-pull-{now.UtcDateTime:yyyyMMdd}";
}

public sealed record FullPullSummary(IReadOnlyList<ReconciliationReport> Reports, IReadOnlyList<FullPullFailure> Failures);

public sealed record FullPullFailure(string AccountId, long Beds24PropertyId, string Reason);

public sealed class FullPullActivities(FullPullPlanner planner, FullPullService fullPull, IAlertNotifier alerts, TimeProvider time)
{
    public Task<IReadOnlyList<FullPullTarget>> PlanFullPullAsync(FullPullInput? input, CancellationToken cancellationToken) =>
        planner.PlanAsync(input?.AccountId, cancellationToken);

    public Task<ReconciliationReport> ReconcilePropertyAsync(FullPullTarget target, CancellationToken cancellationToken) =>
        fullPull.ReconcilePropertyAsync(target.AccountId, target.Beds24PropertyId, cancellationToken);

    public async Task ReportFullPullFailuresAsync(IReadOnlyList<FullPullFailure> failures, CancellationToken cancellationToken)
    {
        foreach (var failure in failures)
        {
            await alerts.NotifyAsync(new AlertEvent("full-pull", "error",
                $"Nightly reconciliation of property {failure.Beds24PropertyId} failed: {failure.Reason}. The incremental pull keeps running; run `pull --full` after fixing.",
                time.GetUtcNow(), failure.AccountId), cancellationToken);
        }
    }
}
