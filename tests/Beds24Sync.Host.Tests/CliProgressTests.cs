using Beds24Sync.Host;
using Microsoft.Extensions.Time.Testing;

namespace Beds24Sync.Host.Tests;

/// <summary>Long verbs report that they are still working, on their own writer, and stop once the work ends.</summary>
public sealed class CliProgressTests
{
    [Fact]
    public async Task WhileAsync_WorkLongerThanTheInterval_SaysStillWorkingEachIntervalThenReturnsTheResult()
    {
        var time = new FakeTimeProvider();
        var done = new TaskCompletionSource<int>();
        using var writer = new StringWriter();

        var waiting = CliProgress.WhileAsync("reconciling", done.Task, writer, TimeSpan.FromSeconds(5), time);
        time.Advance(TimeSpan.FromSeconds(5));
        time.Advance(TimeSpan.FromSeconds(5));
        done.SetResult(42);
        var result = await waiting;
        time.Advance(TimeSpan.FromSeconds(5)); // after the end: nothing more

        Assert.Equal(42, result);
        Assert.Equal(["… still reconciling (5 s)", "… still reconciling (10 s)"], writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task WhileAsync_QuickWork_SaysNothing()
    {
        using var writer = new StringWriter();

        var result = await CliProgress.WhileAsync("pulling demo", Task.FromResult("ok"), writer, TimeSpan.FromSeconds(5), new FakeTimeProvider());

        Assert.Equal("ok", result);
        Assert.Empty(writer.ToString());
    }
}
