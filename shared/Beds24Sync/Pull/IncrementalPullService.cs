using System.Globalization;
using Beds24.Api;
using Beds24.Api.Models;
using Beds24Sync.Contracts;
using Beds24Sync.Inbound;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Pull;

/// <summary>
/// Every five minutes per account: read every booking modified since (cursor − overlap), all statuses including
/// cancelled, every page, and hand them to the inbound processor in batches. The cursor moves (to the run's start)
/// only when the whole window succeeded; a run that finds the lease taken returns at once.
/// </summary>
/// <remarks>
/// Bookings are processed here rather than enqueued as ids: the pull has already read them, and enqueueing would
/// make the processor read them again (another ~1.5 credits per 100 bookings, the scarce resource). A failure
/// anywhere fails the window, which is read again next time; what was done then comes back unchanged.
/// </remarks>
public sealed partial class IncrementalPullService(IBeds24ClientFactory beds24, InboundProcessor processor, ISyncCursorStore cursors,
    IOptions<PullOptions> options, TimeProvider time, ILogger<IncrementalPullService> logger)
{
    public async Task<PullResult> RunAsync(string accountId, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var started = time.GetUtcNow();
        var leased = await cursors.TryLeaseAsync(accountId, started, o.Lease, cancellationToken).ConfigureAwait(false);
        if (leased is null)
        {
            LogSkipped(logger, accountId);
            return new PullResult(accountId, Skipped: true, 0, new InboundTally(), null);
        }

        using var background = Beds24.Api.Credits.Beds24CallPriority.Background(); // pulls can wait for the next window; pushes must not
        var from = (leased.Cursor ?? started - o.InitialLookback) - o.Overlap;
        var claim = $"pull-{accountId}-{started.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}";
        var tally = new InboundTally();
        var seen = 0;
        try
        {
            var batch = new List<Beds24Booking>(o.BatchSize);
            var query = new BookingQuery { ModifiedFrom = from, Statuses = Beds24BookingStatuses.All, IncludeInfoItems = true };
            await foreach (var booking in beds24.GetClient(accountId).GetBookingsAsync(query, cancellationToken).ConfigureAwait(false))
            {
                seen++;
                batch.Add(booking);
                if (batch.Count >= o.BatchSize)
                {
                    tally.Add(await processor.ProcessBookingsAsync(accountId, batch, InboundSources.Pull, claim, cancellationToken).ConfigureAwait(false));
                    batch.Clear();
                }
            }

            tally.Add(await processor.ProcessBookingsAsync(accountId, batch, InboundSources.Pull, claim, cancellationToken).ConfigureAwait(false));

            // The run's start, not the newest modifiedTime seen: Beds24 stamps are second-granular and its clock is not
            // ours; the overlap re-reads the seam, and the link's hash makes re-read bookings a no-op.
            await cursors.CompleteAsync(leased, started, time.GetUtcNow(), seen, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await cursors.AbandonAsync(leased, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        LogDone(logger, accountId, from, seen, tally.ToString());
        return new PullResult(accountId, Skipped: false, seen, tally, from);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Incremental pull of {AccountId} skipped: another run holds the lease")]
    private static partial void LogSkipped(ILogger logger, string accountId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Incremental pull of {AccountId} from {From}: {Seen} bookings ({Tally})")]
    private static partial void LogDone(ILogger logger, string accountId, DateTimeOffset from, int seen, string tally);
}

/// <summary>What one incremental pull did. <see cref="Skipped"/>: another run held the account's lease.</summary>
public sealed record PullResult(string AccountId, bool Skipped, int BookingsSeen, InboundTally Outcomes, DateTimeOffset? ModifiedFrom);
