using Beds24Sync.BookingLinks;
using Beds24Sync.Contracts;
using Beds24Sync.Core;
using Beds24Sync.Storage;
using Beds24Sync.Validation;
using Microsoft.Extensions.Logging;

namespace Beds24Sync.Push;

/// <summary>
/// First step for a PMS booking message: validate it against the contract, then remember it as the reservation's
/// newest desired state (on its booking link, ETag-guarded) unless a newer version is already applied or pending.
/// Invalid messages throw a permanent <see cref="SyncFailureException"/> (the caller dead-letters them).
/// </summary>
public sealed partial class BookingPushIntake(ContractValidator validator, IBookingLinkStore links, TimeProvider time, ILogger<BookingPushIntake> logger)
{
    public async Task<BookingIntakeResult> AcceptAsync(string rawMessage, CancellationToken cancellationToken)
    {
        var errors = validator.Validate(ContractValidator.PmsBookingMessage, rawMessage);
        if (errors.Count > 0)
        {
            throw SyncFailureException.Permanent("The booking message does not match its contract: " + string.Join("; ", errors), DeadLetterCategories.Validation);
        }

        var message = SyncJson.Deserialize<PmsBookingMessage>(rawMessage)!;
        var reservation = message.Reservation;
        if (PmsMessageRules.ProblemOf(message) is { } problem)
        {
            throw SyncFailureException.Permanent(problem, DeadLetterCategories.Validation);
        }

        for (var attempt = 1; ; attempt++)
        {
            var link = await links.GetByReservationAsync(message.AccountId, reservation.ReservationId, cancellationToken).ConfigureAwait(false)
                ?? new BookingLink { AccountId = message.AccountId, ReservationId = reservation.ReservationId, PropertyId = reservation.PropertyId };
            if (link.ETag != default && message.Version <= link.PmsVersion)
            {
                LogStale(logger, reservation.ReservationId, message.Version, link.PmsVersion);
                return new BookingIntakeResult(message, BookingIntakeOutcome.Stale);
            }

            if (link.PendingMessage is not null && message.Version <= link.PendingVersion)
            {
                // The same or a newer version is already waiting: the push will send that one.
                return new BookingIntakeResult(message, BookingIntakeOutcome.AlreadyPending);
            }

            try
            {
                await links.SaveAsync(link with { PendingVersion = message.Version, PendingMessage = rawMessage, PendingSince = time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
                return new BookingIntakeResult(message, BookingIntakeOutcome.Accepted);
            }
            catch (ConcurrencyConflictException) when (attempt < 5)
            {
                // Another message for the same reservation won the race: re-read and decide again.
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped stale version {Version} of reservation {ReservationId}; version {Applied} is already applied")]
    private static partial void LogStale(ILogger logger, string reservationId, long version, long applied);
}

public enum BookingIntakeOutcome
{
    Accepted,
    AlreadyPending,
    Stale,
}

public sealed record BookingIntakeResult(PmsBookingMessage Message, BookingIntakeOutcome Outcome)
{
    /// <summary>True when a push should run for the reservation.</summary>
    public bool NeedsPush => Outcome != BookingIntakeOutcome.Stale;
}
