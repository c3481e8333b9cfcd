namespace Beds24Sync.Host;

/// <summary>
/// Long verbs (a full reconciliation, a pull of a busy account) say that they are still working: a line on stderr
/// every few seconds, so stdout stays the verb's result (and a script's input).
/// </summary>
public static class CliProgress
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);

    public static async Task<T> WhileAsync<T>(string what, Task<T> work, TextWriter? writer = null, TimeSpan? interval = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        writer ??= Console.Error;
        time ??= TimeProvider.System;
        var started = time.GetTimestamp();
        using var timer = time.CreateTimer(_ => writer.WriteLine($"… still {what} ({time.GetElapsedTime(started).TotalSeconds:F0} s)"), null, interval ?? DefaultInterval, interval ?? DefaultInterval);
        return await work.ConfigureAwait(false);
    }
}
