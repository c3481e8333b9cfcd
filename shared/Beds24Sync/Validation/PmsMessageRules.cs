using Beds24Sync.Contracts;

namespace Beds24Sync.Validation;

/// <summary>
/// What a PMS message's JSON Schema cannot say (a stay or a calendar range must run forwards), in one place: the
/// intakes dead-letter a message that breaks it, and <c>send</c> refuses it before it is queued.
/// </summary>
public static class PmsMessageRules
{
    /// <summary>The longest calendar range one message may cover (two years).</summary>
    public const int MaxCalendarDays = 731;

    /// <returns>Why the booking message cannot be applied, or null.</returns>
    public static string? ProblemOf(PmsBookingMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var reservation = message.Reservation;
        return reservation.Departure <= reservation.Arrival
            ? $"Reservation {reservation.ReservationId}: departure {reservation.Departure:yyyy-MM-dd} must be after arrival {reservation.Arrival:yyyy-MM-dd}."
            : null;
    }

    /// <returns>Why the calendar message cannot be applied, or null.</returns>
    public static string? ProblemOf(PmsCalendarMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.To < message.From || message.To.DayNumber - message.From.DayNumber >= MaxCalendarDays
            ? $"Calendar range {message.From:yyyy-MM-dd}..{message.To:yyyy-MM-dd} must run forwards and span at most {MaxCalendarDays} days."
            : null;
    }

    /// <summary>For a message already valid against its <paramref name="contract"/> (so it deserializes).</summary>
    public static string? ProblemOf(string contract, string json) => contract switch
    {
        ContractValidator.PmsBookingMessage => ProblemOf(SyncJson.Deserialize<PmsBookingMessage>(json)!),
        ContractValidator.PmsCalendarMessage => ProblemOf(SyncJson.Deserialize<PmsCalendarMessage>(json)!),
        _ => throw new ArgumentOutOfRangeException(nameof(contract), contract, "Not a PMS message contract."),
    };
}
