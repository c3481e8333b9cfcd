using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Beds24Sync.Tests.Webhooks;

/// <summary>Keeps every formatted log line (with its structured values) so tests can check what is, and is not, logged.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    public ConcurrentQueue<(LogLevel Level, string Text)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(";", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
        Entries.Enqueue((logLevel, formatter(state, exception) + " | " + values + " | " + exception));
    }
}
