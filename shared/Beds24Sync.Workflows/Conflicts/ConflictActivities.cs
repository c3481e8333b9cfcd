using Beds24Sync.Conflicts;

namespace Beds24Sync.Workflows.Conflicts;

/// <summary>The conflict orchestration's activities: apply a decision once; remind or escalate.</summary>
public sealed class ConflictActivities(ConflictResolutionService resolution, ConflictTimeoutSweeper deadlines)
{
    public async Task<string> ApplyDecisionAsync(DecisionRequest request, CancellationToken cancellationToken) =>
        (await resolution.ResolveAsync(request.ConflictId, request.Decision, cancellationToken)).Status.ToString();

    public Task<string> RemindOrEscalateAsync(TimeoutRequest request, CancellationToken cancellationToken) => request.Stage >= 2
        ? deadlines.StatusAsync(request.ConflictId, cancellationToken)
        : deadlines.AdvanceAsync(request.ConflictId, escalate: request.Stage == 1, cancellationToken);
}
