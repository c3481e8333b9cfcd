using System.Globalization;
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
/// the booking links, then the links whose booking Beds24 no longer lists.
/// </summary>
/// <remarks>
/// Repairs go through the inbound processor, batch by batch as pages arrive: a booking missing from the links, or
/// whose hash differs, is published to the PMS (safe: the PMS gets Beds24's current state); where the PMS changed
/// too, the processor asks the conflict gate, which applies the property's rule or holds it for an operator.
/// Processing directly instead of enqueueing ids saves a second read of every booking. Memory stays flat: only one
/// batch of bookings and the set of ids seen (8 bytes each) are held.
/// </remarks>
public sealed partial class FullPullService(IBeds24ClientFactory beds24, InboundProcessor processor, IBookingLinkStore links, IMappingStore mappings,
    Alerts.IAlertNotifier alerts, IOptions<PullOptions> options, TimeProvider time, ILogger<FullPullService> logger)
{
    public async Task<ReconciliationReport> ReconcilePropertyAsync(string accountId, long beds24PropertyId, CancellationToken cancellationToken)
    {
        using var background = Beds24.Api.Credits.Beds24CallPriority.Background(); // reconciliation can wait; pushes must not
        var started = time.GetUtcNow();
        var claim = $"full-pull-{accountId}-{beds24PropertyId.ToString(CultureInfo.InvariantCulture)}-{started.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}";
        var client = beds24.GetClient(accountId);
        // Beds24 filters by property-local dates: a day of slack keeps bookings departing today (anywhere) in.
        var departureFrom = DateOnly.FromDateTime(started.UtcDateTime).AddDays(-1);
        var query = new BookingQuery { PropertyIds = [beds24PropertyId], Statuses = Beds24BookingStatuses.All, DepartureFrom = departureFrom, IncludeInfoItems = true };
        var seen = new HashSet<long>();
        var tally = new InboundTally();
        var batch = new List<Beds24Booking>(options.Value.BatchSize);
        await foreach (var booking in client.GetBookingsAsync(query, cancellationToken).ConfigureAwait(false))
        {
            seen.Add(booking.Id ?? 0);
            batch.Add(booking);
            if (batch.Count >= options.Value.BatchSize)
            {
                tally.Add(await processor.ProcessBookingsAsync(accountId, batch, InboundSources.FullPull, claim, cancellationToken).ConfigureAwait(false));
                batch.Clear();
            }
        }

        tally.Add(await processor.ProcessBookingsAsync(accountId, batch, InboundSources.FullPull, claim, cancellationToken).ConfigureAwait(false));

        var (vanished, live) = await FindVanishedAsync(accountId, beds24PropertyId, seen, departureFrom, cancellationToken).ConfigureAwait(false);
        var vanishedTally = new InboundTally();
        var limit = Math.Max(options.Value.VanishedAlertMinimum, (int)Math.Floor(live * options.Value.VanishedAlertFraction));
        var held = vanished.Count > limit;
        if (held)
        {
            // A token that lost a property's scope, or a moved property, hides every booking at once: that is not a
            // wave of deletions. Report nothing to the PMS and ask a human.
            LogVanishedHeld(logger, accountId, beds24PropertyId, vanished.Count, live);
            await alerts.NotifyAsync(new Alerts.AlertEvent("full-pull-vanished", "error",
                $"Full pull of account {accountId} property {beds24PropertyId}: {vanished.Count} of {live} live bookings are no longer listed by Beds24 (limit {limit}). No deletion was sent to the PMS; check the token's scopes and the property, then run the full pull again.",
                time.GetUtcNow(), accountId), cancellationToken).ConfigureAwait(false);
        }

        foreach (var chunk in held ? [] : vanished.Chunk(InboundProcessor.IdsPerRead))
        {
            // Not listed is not deleted: the booking may have moved to another property or out of the date window.
            vanishedTally.Add(await processor.ProcessAsync(new InboundWorkItem
            {
                MessageId = claim,
                AccountId = accountId,
                Source = InboundSources.FullPull,
                BookingIds = chunk,
                CreatedAt = started,
            }, cancellationToken).ConfigureAwait(false));
        }

        tally.Add(vanishedTally);
        var report = new ReconciliationReport(accountId, beds24PropertyId, seen.Count,
            MissingInPms: tally.Count(InboundOutcome.Created),
            Differing: tally.Count(InboundOutcome.Published),
            Agreed: tally.Count(InboundOutcome.Unchanged) + tally.Count(InboundOutcome.Stale),
            Conflicts: tally.Count(InboundOutcome.HeldForConflict) + tally.Count(InboundOutcome.Overruled),
            DeadLettered: tally.Count(InboundOutcome.DeadLettered),
            InFlight: tally.Count(InboundOutcome.InFlight),
            VanishedChecked: held ? 0 : vanished.Count,
            DeletedReported: vanishedTally.Count(InboundOutcome.DeletedPublished),
            Elapsed: time.GetUtcNow() - started)
        {
            VanishedHeld = held ? vanished.Count : 0,
        };
        LogReport(logger, accountId, beds24PropertyId, report.ToString());
        return report;
    }

    /// <summary>
    /// Links of the property, still live and departing inside the window, whose booking Beds24 did not list. Past
    /// stays are left alone, so the nightly cost does not grow with history.
    /// </summary>
    /// <returns>The vanished booking ids, and how many live links the property has in the window.</returns>
    private async Task<(List<long> Vanished, int Live)> FindVanishedAsync(string accountId, long beds24PropertyId, HashSet<long> seen, DateOnly departureFrom, CancellationToken cancellationToken)
    {
        var vanished = new List<long>();
        var live = 0;
        var property = await mappings.GetPropertyByBeds24IdAsync(accountId, beds24PropertyId, cancellationToken).ConfigureAwait(false);
        if (property is null)
        {
            return (vanished, live);
        }

        await foreach (var link in links.ListAsync(accountId, property.PmsPropertyId, cancellationToken).ConfigureAwait(false))
        {
            if (link.Beds24BookingId is not { } id || link.Status is "deleted" or PmsReservationStatuses.Cancelled)
            {
                continue;
            }

            if (DepartureOf(link) is { } departure && departure < departureFrom)
            {
                continue;
            }

            live++;
            if (!seen.Contains(id))
            {
                vanished.Add(id);
            }
        }

        return (vanished, live);
    }

    private static DateOnly? DepartureOf(BookingLink link) =>
        link.LastPublishedReservation is { } json ? SyncJson.Deserialize<PmsReservation>(json)?.Departure : null;

    [LoggerMessage(Level = LogLevel.Error, Message = "Full pull of account {AccountId} property {PropertyId}: {Vanished} of {Live} live bookings not listed; deletions held for an operator")]
    private static partial void LogVanishedHeld(ILogger logger, string accountId, long propertyId, int vanished, int live);

    [LoggerMessage(Level = LogLevel.Information, Message = "Full pull of account {AccountId} property {PropertyId}: {Report}")]
    private static partial void LogReport(ILogger logger, string accountId, long propertyId, string report);
}

/// <summary>What a property's reconciliation found and did.</summary>
/// <param name="MissingInPms">Bookings without a link (the PMS never heard of them): published as created.</param>
/// <param name="Differing">Linked bookings whose content differs from what was last synced: the current state was published.</param>
/// <param name="Agreed">Bookings whose content matches the link.</param>
/// <param name="Conflicts">Both sides changed: held for an operator, or a rule let the PMS win.</param>
/// <param name="InFlight">Versions another worker was publishing at the time.</param>
/// <param name="VanishedChecked">Live links whose booking Beds24 did not list, re-read by id.</param>
/// <param name="DeletedReported">Of those, bookings Beds24 no longer has: reported deleted to the PMS.</param>
public sealed record ReconciliationReport(string AccountId, long Beds24PropertyId, int BookingsInBeds24, int MissingInPms, int Differing, int Agreed,
    int Conflicts, int DeadLettered, int InFlight, int VanishedChecked, int DeletedReported, TimeSpan Elapsed)
{
    /// <summary>Vanished bookings not checked because there were too many (see PullOptions.VanishedAlertFraction): an alert was raised.</summary>
    public int VanishedHeld { get; init; }

    /// <summary>Bookings sent to the PMS to repair a difference (missing or differing).</summary>
    public int Republished => MissingInPms + Differing;
}
