using Beds24.Api;
using Beds24.Api.Models;
using Beds24Sync.BookingLinks;
using Beds24Sync.Contracts;
using Beds24Sync.Inbound;
using Beds24Sync.Mapping;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Pull;

/// <summary>
/// The nightly reconciliation of one property: every current and future booking in Beds24 (all statuses) against
/// the booking links. Missing or differing bookings are re-published to the PMS (the processor's hash check makes
/// that a no-op where they agree; conflicts go through the conflict gate); links whose booking vanished from Beds24
/// are checked by id and reported deleted. Streams page by page, so memory stays flat.
/// </summary>
public sealed partial class FullPullService(IBeds24ClientFactory beds24, InboundProcessor processor, IBookingLinkStore links, IMappingStore mappings,
    IOptions<PullOptions> options, TimeProvider time, ILogger<FullPullService> logger)
{
    public async Task<ReconciliationReport> ReconcilePropertyAsync(string accountId, long beds24PropertyId, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var client = beds24.GetClient(accountId);
        var today = DateOnly.FromDateTime(started.UtcDateTime);
        var query = new BookingQuery { PropertyIds = [beds24PropertyId], Statuses = Beds24BookingStatuses.All, DepartureFrom = today.AddDays(-1) };
        var seen = new HashSet<long>();
        var tally = new InboundTally();
        var batch = new List<Beds24Booking>(options.Value.BatchSize);
        await foreach (var booking in client.GetBookingsAsync(query, cancellationToken).ConfigureAwait(false))
        {
            seen.Add(booking.Id ?? 0);
            batch.Add(booking);
            if (batch.Count >= options.Value.BatchSize)
            {
                tally.Add(await processor.ProcessBookingsAsync(accountId, batch, InboundSources.FullPull, cancellationToken).ConfigureAwait(false));
                batch.Clear();
            }
        }

        tally.Add(await processor.ProcessBookingsAsync(accountId, batch, InboundSources.FullPull, cancellationToken).ConfigureAwait(false));

        // Links of this property whose booking Beds24 no longer lists: confirm by id (deleted vs merely past).
        var property = await mappings.GetPropertyByBeds24IdAsync(accountId, beds24PropertyId, cancellationToken).ConfigureAwait(false);
        var vanished = new List<long>();
        if (property is not null)
        {
            await foreach (var link in links.ListAsync(accountId, property.PmsPropertyId, cancellationToken).ConfigureAwait(false))
            {
                if (link.Beds24BookingId is { } id && !seen.Contains(id) && link.Status != "deleted" && link.Status != "cancelled")
                {
                    vanished.Add(id);
                }
            }
        }

        var deleted = 0;
        foreach (var chunk in vanished.Chunk(100))
        {
            var result = await processor.ProcessAsync(new InboundWorkItem
            {
                MessageId = $"full-pull-{accountId}-{beds24PropertyId}-{started.ToUnixTimeSeconds()}",
                AccountId = accountId,
                Source = InboundSources.FullPull,
                BookingIds = chunk,
                CreatedAt = started,
            }, cancellationToken).ConfigureAwait(false);
            deleted += result.Count(InboundOutcome.DeletedPublished);
            tally.Add(result);
        }

        var report = new ReconciliationReport(accountId, beds24PropertyId, seen.Count,
            Republished: tally.Count(InboundOutcome.Published),
            Agreed: tally.Count(InboundOutcome.Unchanged) + tally.Count(InboundOutcome.Stale),
            Conflicts: tally.Count(InboundOutcome.HeldForConflict) + tally.Count(InboundOutcome.Overruled),
            DeadLettered: tally.Count(InboundOutcome.DeadLettered),
            VanishedChecked: vanished.Count,
            DeletedReported: deleted,
            Elapsed: time.GetUtcNow() - started);
        LogReport(logger, accountId, beds24PropertyId, report.ToString());
        return report;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Full pull of account {AccountId} property {PropertyId}: {Report}")]
    private static partial void LogReport(ILogger logger, string accountId, long propertyId, string report);
}

/// <summary>What a property's reconciliation found and did.</summary>
public sealed record ReconciliationReport(string AccountId, long Beds24PropertyId, int BookingsInBeds24, int Republished, int Agreed, int Conflicts,
    int DeadLettered, int VanishedChecked, int DeletedReported, TimeSpan Elapsed);
