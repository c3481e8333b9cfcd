using Beds24Sync.Alerts;
using Beds24Sync.Operations;
using Microsoft.Extensions.Time.Testing;

namespace Beds24Sync.Tests.Alerts;

public sealed class AlertEvaluatorTests
{
    private static readonly Dictionary<string, int> EmptyQueues = new() { ["beds24-push-bookings"] = 0 };

    private static TelemetrySnapshot Figures(int outcomes = 100, double? success = 1.0, double? conflicts = 0.0, TimeSpan? unreachable = null) =>
        new(outcomes, success, 10, 20, 30, conflicts, 0, unreachable);

    [Fact]
    public void Evaluate_SuccessRateDropsThenRecovers_FiresOnceAndClearsOnce()
    {
        var evaluator = new AlertEvaluator(new FakeTimeProvider());

        var first = evaluator.Evaluate(Figures(success: 0.90), EmptyQueues);
        var again = evaluator.Evaluate(Figures(success: 0.80), EmptyQueues);
        var recovered = evaluator.Evaluate(Figures(success: 0.99), EmptyQueues);

        Assert.Equal(("success-rate", "error"), (Assert.Single(first).Rule, first[0].Severity));
        Assert.Empty(again);
        Assert.Equal("resolved", Assert.Single(recovered).Severity);
    }

    [Fact]
    public void Evaluate_FewSamples_DoesNotJudgeRates() =>
        Assert.Empty(new AlertEvaluator(new FakeTimeProvider()).Evaluate(Figures(outcomes: 5, success: 0.2, conflicts: 0.6), EmptyQueues));

    [Theory]
    [InlineData(1000, false)]
    [InlineData(1001, true)]
    public void Evaluate_QueueDepth_FiresAboveAThousand(int depth, bool fires) =>
        Assert.Equal(fires, new AlertEvaluator(new FakeTimeProvider()).Evaluate(Figures(), new Dictionary<string, int> { ["pms-inbound"] = depth }).Any(a => a.Rule == "queue-depth"));

    [Fact]
    public void Evaluate_Beds24UnreachableOverFiveMinutes_Fires()
    {
        var evaluator = new AlertEvaluator(new FakeTimeProvider());

        Assert.Empty(evaluator.Evaluate(Figures(unreachable: TimeSpan.FromMinutes(4)), EmptyQueues));
        Assert.Equal("beds24-unreachable", Assert.Single(evaluator.Evaluate(Figures(unreachable: TimeSpan.FromMinutes(6)), EmptyQueues)).Rule);
    }

    [Fact]
    public void Evaluate_ConflictRateOverTenPercent_Fires() =>
        Assert.Equal("conflict-rate", Assert.Single(new AlertEvaluator(new FakeTimeProvider()).Evaluate(Figures(conflicts: 0.12), EmptyQueues)).Rule);

    [Fact]
    public void Evaluate_SuccessRateExactlyAtThreshold_DoesNotFire() =>
        Assert.Empty(new AlertEvaluator(new FakeTimeProvider()).Evaluate(Figures(success: AlertEvaluator.MinSuccessRate), EmptyQueues));

    [Fact]
    public void Evaluate_SeveralRulesFailTogether_EachFiresOnceWithTheEvaluationTime()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        var evaluator = new AlertEvaluator(time);
        var deep = new Dictionary<string, int> { ["beds24-inbound"] = 5000 };

        var fired = evaluator.Evaluate(Figures(success: 0.5, conflicts: 0.5, unreachable: TimeSpan.FromMinutes(10)), deep);
        time.Advance(TimeSpan.FromMinutes(1));
        var stillFailing = evaluator.Evaluate(Figures(success: 0.5, conflicts: 0.5, unreachable: TimeSpan.FromMinutes(11)), deep);

        Assert.Equal(["success-rate", "queue-depth", "beds24-unreachable", "conflict-rate"], fired.Select(a => a.Rule));
        Assert.All(fired, a => Assert.Equal(time.GetUtcNow() - TimeSpan.FromMinutes(1), a.RaisedAt));
        Assert.Contains("beds24-inbound", fired.Single(a => a.Rule == "queue-depth").Message, StringComparison.Ordinal);
        Assert.Empty(stillFailing);
    }

    [Fact]
    public void Evaluate_RecoveredRuleFailsAgain_FiresAgain()
    {
        var evaluator = new AlertEvaluator(new FakeTimeProvider());

        evaluator.Evaluate(Figures(conflicts: 0.2), EmptyQueues);
        var cleared = evaluator.Evaluate(Figures(conflicts: 0.01), EmptyQueues);
        var again = evaluator.Evaluate(Figures(conflicts: 0.2), EmptyQueues);

        Assert.Equal("resolved", Assert.Single(cleared).Severity);
        Assert.Equal("error", Assert.Single(again).Severity);
    }

    [Fact]
    public void Evaluate_RateDropsBelowMinimumSamplesWhileFiring_ClearsInsteadOfStickingForever()
    {
        var evaluator = new AlertEvaluator(new FakeTimeProvider());

        evaluator.Evaluate(Figures(success: 0.5), EmptyQueues);
        var quiet = evaluator.Evaluate(Figures(outcomes: 0, success: null, conflicts: null), EmptyQueues);

        Assert.Equal(("success-rate", "resolved"), (Assert.Single(quiet).Rule, quiet[0].Severity));
    }
}
