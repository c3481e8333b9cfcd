using Beds24Sync.Alerts;
using Beds24Sync.Operations;
using Microsoft.Extensions.Time.Testing;

namespace Beds24Sync.Tests;

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
}

public sealed class SyncTelemetryTests
{
    [Fact]
    public void Snapshot_RatesAndPercentilesOverTheWindow()
    {
        var time = new FakeTimeProvider();
        using var telemetry = new SyncTelemetry(time);
        for (var i = 1; i <= 100; i++)
        {
            telemetry.RecordOutcome("push", i % 10 != 0, TimeSpan.FromMilliseconds(i));
        }

        telemetry.RecordConflict();
        var snapshot = telemetry.Snapshot();

        Assert.Equal(0.9, snapshot.SuccessRate);
        Assert.Equal(50, snapshot.LatencyP50Ms);
        Assert.Equal(95, snapshot.LatencyP95Ms);
        Assert.Equal(99, snapshot.LatencyP99Ms);
        Assert.Equal(0.01, snapshot.ConflictRate);
    }

    [Fact]
    public void Snapshot_OldSamples_LeaveTheWindow()
    {
        var time = new FakeTimeProvider();
        using var telemetry = new SyncTelemetry(time);
        telemetry.RecordOutcome("push", false, TimeSpan.FromMilliseconds(5));
        time.Advance(SyncTelemetry.Window + TimeSpan.FromSeconds(1));
        telemetry.RecordOutcome("push", true, TimeSpan.FromMilliseconds(5));

        Assert.Equal((1, 1.0), (telemetry.Snapshot().Outcomes, telemetry.Snapshot().SuccessRate!.Value));
    }

    [Fact]
    public void Snapshot_UnreachableUntilACallSucceeds()
    {
        var time = new FakeTimeProvider();
        using var telemetry = new SyncTelemetry(time);
        telemetry.RecordApiError(unreachable: true);
        time.Advance(TimeSpan.FromMinutes(6));

        Assert.Equal(TimeSpan.FromMinutes(6), telemetry.Snapshot().Beds24UnreachableFor);
        telemetry.RecordBeds24Reachable();
        Assert.Null(telemetry.Snapshot().Beds24UnreachableFor);
    }
}
