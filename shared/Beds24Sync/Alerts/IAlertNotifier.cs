namespace Beds24Sync.Alerts;

/// <summary>Sends an operator alert (a webhook URL in production, the log and the status page locally).</summary>
public interface IAlertNotifier
{
    Task NotifyAsync(AlertEvent alert, CancellationToken cancellationToken);
}

/// <summary>An alert: a stable rule name (e.g. "dead-letter", "success-rate"), severity and a message without personal data.</summary>
public sealed record AlertEvent(string Rule, string Severity, string Message, DateTimeOffset RaisedAt, string? AccountId = null);
