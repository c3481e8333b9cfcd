using Microsoft.Extensions.Logging;

namespace Beds24Sync.Alerts;

/// <summary>
/// The <see cref="IAlertNotifier"/> the engine uses: the log (and the status page's recent alerts) first, then every
/// other channel. One channel failing never stops the others nor the flow that raised the alert.
/// </summary>
public sealed partial class CompositeAlertNotifier(IReadOnlyList<IAlertNotifier> notifiers, ILogger<CompositeAlertNotifier> logger) : IAlertNotifier
{
    public IReadOnlyList<IAlertNotifier> Notifiers { get; } = notifiers;

    public async Task NotifyAsync(AlertEvent alert, CancellationToken cancellationToken)
    {
        foreach (var notifier in Notifiers)
        {
            try
            {
                await notifier.NotifyAsync(alert, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, notifier.GetType().Name, alert.Rule, ex.GetType().Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert notifier {Notifier} failed for {Rule} ({Error})")]
    private static partial void LogFailed(ILogger logger, string notifier, string rule, string error);
}
