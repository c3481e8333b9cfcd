using System.Diagnostics.Metrics;
using Beds24Sync.Operations;
using Microsoft.Extensions.Time.Testing;

namespace Beds24Sync.Tests.Operations;

public sealed class SyncTelemetryTests
{
    [Fact]
    public void RecordPush_FeedsTheRollingFiguresAndTheMeterWithFlowAndOutcomeTags()
    {
        using var telemetry = new SyncTelemetry(new FakeTimeProvider());
        using var listener = Listen(telemetry, out var measurements);

        telemetry.RecordPush(SyncOutcome.Succeeded, TimeSpan.FromMilliseconds(40));
        telemetry.RecordInbound(SyncOutcome.Failed, TimeSpan.FromMilliseconds(60));

        Assert.Equal((2, 0.5), (telemetry.Snapshot().Outcomes, telemetry.Snapshot().SuccessRate!.Value));
        Assert.Contains(("beds24sync.outcomes", 1.0, "push/success"), measurements);
        Assert.Contains(("beds24sync.outcomes", 1.0, "inbound/failure"), measurements);
        Assert.Contains(("beds24sync.latency", 40.0, "push/success"), measurements);
    }

    [Fact]
    public void RecordApiError_Unreachable_StartsAnOutageThatASuccessEnds()
    {
        var time = new FakeTimeProvider();
        using var telemetry = new SyncTelemetry(time);
        using var listener = Listen(telemetry, out var measurements);

        telemetry.RecordApiError(unreachable: true);
        time.Advance(TimeSpan.FromMinutes(6));
        listener.RecordObservableInstruments();
        var during = telemetry.Snapshot();
        telemetry.RecordBeds24Reachable(true);

        Assert.Equal((1, TimeSpan.FromMinutes(6)), (during.ApiErrors, during.Beds24UnreachableFor!.Value));
        Assert.Contains(("beds24sync.beds24_unreachable_seconds", 360.0, ""), measurements);
        Assert.Contains(("beds24sync.api_errors", 1.0, ""), measurements);
        Assert.Null(telemetry.Snapshot().Beds24UnreachableFor);
    }

    [Fact]
    public void Gauges_ReportTheLastQueueDepthsAndCreditsPerTag()
    {
        using var telemetry = new SyncTelemetry(new FakeTimeProvider());
        using var listener = Listen(telemetry, out var measurements);

        telemetry.Metrics.SetQueueDepth("beds24-inbound", 12);
        telemetry.Metrics.SetQueueDepth("beds24-inbound", 1500);
        telemetry.Metrics.SetCreditsLeft("harbour", 87.5m);
        listener.RecordObservableInstruments();

        Assert.Contains(("beds24sync.queue_depth", 1500.0, "beds24-inbound"), measurements);
        Assert.DoesNotContain(("beds24sync.queue_depth", 12.0, "beds24-inbound"), measurements);
        Assert.Contains(("beds24sync.credits_left", 87.5, "harbour"), measurements);
    }

    [Fact]
    public void RecordConflict_CountsInTheRollingConflictRate()
    {
        using var telemetry = new SyncTelemetry(new FakeTimeProvider());
        for (var i = 0; i < 4; i++)
        {
            telemetry.RecordPush(SyncOutcome.Succeeded, TimeSpan.FromMilliseconds(1));
        }

        telemetry.RecordConflict();

        Assert.Equal((1, 0.25), (telemetry.Snapshot().Conflicts, telemetry.Snapshot().ConflictRate!.Value));
    }

    // Listens to this telemetry's own meter only (tests run in parallel, each with its own meter of the same name).
    private static MeterListener Listen(SyncTelemetry telemetry, out List<(string Instrument, double Value, string Tags)> measurements)
    {
        var seen = new List<(string, double, string)>();
        measurements = seen;
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, telemetry.Metrics.Meter))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var text = string.Join("/", tags.ToArray().Select(t => t.Value?.ToString()));
            lock (seen)
            {
                seen.Add((instrument.Name, value, text));
            }
        }

        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.Start();
        return listener;
    }
}
