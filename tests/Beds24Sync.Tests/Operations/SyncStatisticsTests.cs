using Beds24Sync.Operations;
using Microsoft.Extensions.Time.Testing;

namespace Beds24Sync.Tests.Operations;

public sealed class SyncStatisticsTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Snapshot_HundredOutcomes_RatesAndNearestRankPercentiles()
    {
        var time = new FakeTimeProvider(Start);
        var statistics = new SyncStatistics(time);
        for (var i = 1; i <= 100; i++)
        {
            statistics.RecordOutcome(i % 10 == 0 ? SyncOutcome.Failed : SyncOutcome.Succeeded, TimeSpan.FromMilliseconds(i));
        }

        statistics.RecordConflict();
        var snapshot = statistics.Snapshot();

        Assert.Equal((100, 10, 0.9), (snapshot.Outcomes, snapshot.Failures, snapshot.SuccessRate!.Value));
        Assert.Equal((50.0, 95.0, 99.0), (snapshot.LatencyP50Ms!.Value, snapshot.LatencyP95Ms!.Value, snapshot.LatencyP99Ms!.Value));
        Assert.Equal(0.01, snapshot.ConflictRate);
    }

    [Fact]
    public void Snapshot_NoSamples_RatesAndPercentilesAreNull()
    {
        var snapshot = new SyncStatistics(new FakeTimeProvider(Start)).Snapshot();

        Assert.Equal(0, snapshot.Outcomes);
        Assert.Null(snapshot.SuccessRate);
        Assert.Null(snapshot.LatencyP99Ms);
        Assert.Null(snapshot.ConflictRate);
        Assert.Null(snapshot.ApiErrorRate);
    }

    [Fact]
    public void Snapshot_SamplesOlderThanTheWindow_AreLeftOut()
    {
        var time = new FakeTimeProvider(Start);
        var statistics = new SyncStatistics(time, TimeSpan.FromMinutes(5));
        statistics.RecordOutcome(SyncOutcome.Failed, TimeSpan.FromMilliseconds(900));
        time.Advance(TimeSpan.FromMinutes(3));
        statistics.RecordOutcome(SyncOutcome.Succeeded, TimeSpan.FromMilliseconds(5));

        var bothInside = statistics.Snapshot();
        time.Advance(TimeSpan.FromMinutes(2) + SyncStatistics.BucketWidth);
        var firstGone = statistics.Snapshot();

        Assert.Equal((2, 0.5), (bothInside.Outcomes, bothInside.SuccessRate!.Value));
        Assert.Equal((1, 1.0, 5.0), (firstGone.Outcomes, firstGone.SuccessRate!.Value, firstGone.LatencyP99Ms!.Value));
        Assert.Equal(TimeSpan.FromMinutes(5), firstGone.Window);
    }

    [Fact]
    public void Beds24UnreachableFor_GrowsUntilBeds24AnswersAgain()
    {
        var time = new FakeTimeProvider(Start);
        var statistics = new SyncStatistics(time);
        statistics.RecordBeds24Reachable(false);
        time.Advance(TimeSpan.FromMinutes(2));
        statistics.RecordBeds24Reachable(false); // a later failure does not restart the outage
        time.Advance(TimeSpan.FromMinutes(4));

        var during = statistics.Snapshot().Beds24UnreachableFor;
        statistics.RecordBeds24Reachable(true);

        Assert.Equal(TimeSpan.FromMinutes(6), during);
        Assert.Null(statistics.Snapshot().Beds24UnreachableFor);
    }

    [Fact]
    public void Snapshot_ApiErrorRate_IsErrorsOverAllBeds24Interactions()
    {
        var statistics = new SyncStatistics(new FakeTimeProvider(Start));
        for (var i = 0; i < 3; i++)
        {
            statistics.RecordApiError();
        }

        for (var i = 0; i < 9; i++)
        {
            statistics.RecordBeds24Reachable(true);
        }

        var snapshot = statistics.Snapshot();

        Assert.Equal(3, snapshot.ApiErrors);
        Assert.Equal(0.25, snapshot.ApiErrorRate);
    }

    [Fact]
    public void RecordOutcome_BurstInOneBucket_CountsExactlyButKeepsBoundedLatencies()
    {
        var statistics = new SyncStatistics(new FakeTimeProvider(Start));
        var burst = SyncStatistics.MaxLatenciesPerBucket * 3;
        for (var i = 0; i < burst; i++)
        {
            statistics.RecordOutcome(SyncOutcome.Succeeded, TimeSpan.FromMilliseconds(i < SyncStatistics.MaxLatenciesPerBucket ? 10 : 5000));
        }

        var snapshot = statistics.Snapshot();

        Assert.Equal(burst, snapshot.Outcomes);
        Assert.Equal(10, snapshot.LatencyP99Ms); // only the first MaxLatenciesPerBucket latencies of the bucket are kept
    }

    [Fact]
    public void Constructor_WindowShorterThanABucket_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SyncStatistics(new FakeTimeProvider(Start), TimeSpan.FromSeconds(1)));
}
