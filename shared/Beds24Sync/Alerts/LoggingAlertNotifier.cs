using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Beds24Sync.Alerts;

/// <summary>Writes alerts to the log (Application Insights picks them up) and keeps the latest for the status page.</summary>
public sealed partial class LoggingAlertNotifier(ILogger<LoggingAlertNotifier> logger) : IAlertNotifier
{
    private const int Kept = 100;
    private readonly ConcurrentQueue<AlertEvent> _recent = new();

    public IReadOnlyList<AlertEvent> Recent => [.. _recent];

    public Task NotifyAsync(AlertEvent alert, CancellationToken cancellationToken)
    {
        LogAlert(logger, alert.Rule, alert.Severity, alert.AccountId ?? "-", alert.Message);
        _recent.Enqueue(alert);
        while (_recent.Count > Kept && _recent.TryDequeue(out _))
        {
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "ALERT {Rule} ({Severity}) account {AccountId}: {Message}")]
    private static partial void LogAlert(ILogger logger, string rule, string severity, string accountId, string message);
}
