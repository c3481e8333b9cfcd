using Beds24Sync.Conflicts;
using Microsoft.Azure.Functions.Worker;

namespace Beds24Functions.Orchestrations;

/// <summary>The conflict orchestration's activities: apply a decision once; remind or escalate.</summary>
public sealed class ConflictActivities(ConflictResolutionService resolution, ConflictTimeoutSweeper deadlines)
{
    [Function(nameof(ApplyDecision))]
    public async Task<string> ApplyDecision([ActivityTrigger] DecisionRequest request, CancellationToken cancellationToken) =>
        (await resolution.ResolveAsync(request.ConflictId, request.Decision, cancellationToken)).Status.ToString();

    [Function(nameof(RemindOrEscalate))]
    public Task<string> RemindOrEscalate([ActivityTrigger] TimeoutRequest request, CancellationToken cancellationToken) =>
        deadlines.AdvanceAsync(request.ConflictId, escalate: request.Stage >= 1, cancellationToken);
}
