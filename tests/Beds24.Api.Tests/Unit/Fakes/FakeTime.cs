using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace Beds24.Api.Tests.Unit.Fakes;

internal static class FakeTime
{
    public static FakeTimeProvider Create() => new(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero));

    /// <summary>
    /// Moves fake time forward in <paramref name="step"/>s until <paramref name="task"/> finishes, so waits, retry
    /// delays and timeouts elapse without real sleeping. Fails if it needs more than <paramref name="maxSteps"/>.
    /// </summary>
    public static async Task<T> RunAsync<T>(this FakeTimeProvider time, Task<T> task, TimeSpan step, int maxSteps = 2000)
    {
        for (var i = 0; i < maxSteps && !task.IsCompleted; i++)
        {
            // Let the code under test reach its next timer before time moves on: on a busy machine its continuations
            // wait in the thread pool, and moving time past them would fire attempt timeouts the code never faced.
            await Task.Delay(1);
            for (var settle = 0; settle < 100 && ThreadPool.PendingWorkItemCount > 0 && !task.IsCompleted; settle++)
            {
                await Task.Delay(1);
            }

            if (!task.IsCompleted)
            {
                time.Advance(step);
            }
        }

        return await task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    public static async Task RunAsync(this FakeTimeProvider time, Task task, TimeSpan step, int maxSteps = 2000) =>
        await time.RunAsync(Wrap(task), step, maxSteps);

    /// <summary>
    /// Waits (real time, fake time standing still) until a call running in the background has reached
    /// <paramref name="what"/>: how long that takes depends on the machine, so tests wait for it, never a fixed sleep.
    /// </summary>
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new TimeoutException($"Not reached within 10 s: {what}.");
            }

            await Task.Delay(5);
        }
    }

    private static async Task<bool> Wrap(Task task)
    {
        await task;
        return true;
    }
}
