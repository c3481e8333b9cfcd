using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Beds24Sync.IntegrationTests;

/// <summary>Writes a component's log into the test output, so a failing test shows what the component saw.</summary>
internal sealed class XunitLogger<T>(ITestOutputHelper output) : ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        try
        {
            output.WriteLine($"{logLevel}: {formatter(state, exception)} {exception?.GetType().Name}: {exception?.Message}");
        }
        catch (InvalidOperationException)
        {
            // The test already finished.
        }
    }
}
