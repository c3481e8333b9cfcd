using Beds24Sync.Accounts;
using Beds24Sync.BookingLinks;
using Beds24Sync.Queues;
using Beds24Sync.Storage;
using Microsoft.Extensions.Logging;

namespace Beds24Sync.Push;

/// <summary>
/// Safety net for PMS changes: a reservation whose newest version is still pending on its link after
/// <see cref="StrandedAfter"/> (e.g. it arrived in the instant a push orchestration was finishing) is put back on
/// beds24-push-bookings. Harmless when nothing is stranded: the intake sees the same version already pending.
/// Reads only the links marked pending (an index column), and every link once a day per instance (links written
/// before that column existed).
/// </summary>
public sealed partial class PendingPushSweeper(IAccountStore accounts, IBookingLinkStore links, IQueuePublisher queues, TimeProvider time,
    ILogger<PendingPushSweeper> logger)
{
    public static readonly TimeSpan StrandedAfter = TimeSpan.FromMinutes(10);

    /// <summary>How often a sweep reads every link, not only those marked pending.</summary>
    public static readonly TimeSpan FullSweepEvery = TimeSpan.FromDays(1);

    private DateTimeOffset? _lastFullSweep;

    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var full = _lastFullSweep is null || now - _lastFullSweep >= FullSweepEvery;
        var requeued = 0;
        await foreach (var account in accounts.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var candidates = full ? links.ListAsync(account.AccountId, propertyId: null, cancellationToken) : links.ListPendingAsync(account.AccountId, cancellationToken);
            await foreach (var link in candidates.ConfigureAwait(false))
            {
                if (link.PendingMessage is { } pending && link.HasPendingChange && now - (link.PendingSince ?? DateTimeOffset.MinValue) > StrandedAfter)
                {
                    await queues.SendRawAsync(StorageNames.Queues.PushBookings, pending, cancellationToken: cancellationToken).ConfigureAwait(false);
                    LogRequeued(logger, link.ReservationId, link.PendingVersion);
                    requeued++;
                }
            }
        }

        if (full)
        {
            _lastFullSweep = now;
        }

        return requeued;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-queued stranded PMS change of reservation {ReservationId} version {Version}")]
    private static partial void LogRequeued(ILogger logger, string reservationId, long version);
}
