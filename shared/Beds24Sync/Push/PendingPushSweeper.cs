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
/// </summary>
public sealed partial class PendingPushSweeper(IAccountStore accounts, IBookingLinkStore links, IQueuePublisher queues, TimeProvider time,
    ILogger<PendingPushSweeper> logger)
{
    public static readonly TimeSpan StrandedAfter = TimeSpan.FromMinutes(10);

    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var requeued = 0;
        await foreach (var account in accounts.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            await foreach (var link in links.ListAsync(account.AccountId, propertyId: null, cancellationToken).ConfigureAwait(false))
            {
                if (link.PendingMessage is { } pending && link.PendingVersion > link.PmsVersion && now - (link.PendingSince ?? DateTimeOffset.MinValue) > StrandedAfter)
                {
                    await queues.SendRawAsync(StorageNames.Queues.PushBookings, pending, cancellationToken: cancellationToken).ConfigureAwait(false);
                    LogRequeued(logger, link.ReservationId, link.PendingVersion);
                    requeued++;
                }
            }
        }

        return requeued;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-queued stranded PMS change of reservation {ReservationId} version {Version}")]
    private static partial void LogRequeued(ILogger logger, string reservationId, long version);
}
