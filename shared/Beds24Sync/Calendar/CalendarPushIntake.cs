using System.Globalization;
using Beds24Sync.Contracts;
using Beds24Sync.Mapping;
using Beds24Sync.Push;
using Beds24Sync.Validation;

namespace Beds24Sync.Calendar;

/// <summary>
/// First step for a PMS calendar message: validate, map the room type and rate plan to a Beds24 room and price
/// slot, and merge the cells into CalendarPending (newer version per field wins). The flush sends them later, coalesced.
/// </summary>
public sealed class CalendarPushIntake(ContractValidator validator, IMappingStore mappings, CalendarPendingStore pending)
{
    public const int MaxDays = 731;

    public async Task<CalendarIntakeResult> AcceptAsync(string rawMessage, CancellationToken cancellationToken)
    {
        var errors = validator.Validate(ContractValidator.PmsCalendarMessage, rawMessage);
        if (errors.Count > 0)
        {
            throw SyncFailureException.Permanent("The calendar message does not match its contract: " + string.Join("; ", errors), DeadLetterCategories.Validation);
        }

        var message = SyncJson.Deserialize<PmsCalendarMessage>(rawMessage)!;
        if (message.To < message.From || message.To.DayNumber - message.From.DayNumber >= MaxDays)
        {
            throw SyncFailureException.Permanent($"Calendar range {message.From:yyyy-MM-dd}..{message.To:yyyy-MM-dd} must run forwards and span at most {MaxDays} days.", DeadLetterCategories.Validation);
        }

        var room = await mappings.GetRoomByPmsIdAsync(message.AccountId, message.PropertyId, message.RoomTypeId, cancellationToken).ConfigureAwait(false)
            ?? throw new MappingException($"No room mapping for PMS property '{message.PropertyId}' room type '{message.RoomTypeId}' in account '{message.AccountId}'.");
        var fields = new List<(string Field, string Value)>();
        if (message.Availability is { } availability) fields.Add((CalendarFields.NumAvail, Invariant(availability)));
        if (message.MinStay is { } minStay) fields.Add((CalendarFields.MinStay, Invariant(minStay)));
        if (message.MaxStay is { } maxStay) fields.Add((CalendarFields.MaxStay, Invariant(maxStay)));
        if (message.Restriction is { } restriction) fields.Add((CalendarFields.Override, restriction));
        if (message.Price is { } price)
        {
            if (message.RatePlanId is null || !room.PriceSlots.TryGetValue(message.RatePlanId, out var slot))
            {
                throw new MappingException($"Rate plan '{message.RatePlanId ?? "(none)"}' of room type '{message.RoomTypeId}' has no Beds24 price slot in RoomMappings; the price cannot be pushed.");
            }

            fields.Add((CalendarFields.Price(slot), price.ToString(CultureInfo.InvariantCulture)));
        }

        var cells = new List<CalendarCell>();
        for (var date = message.From; date <= message.To; date = date.AddDays(1))
        {
            cells.AddRange(fields.Select(f => new CalendarCell(room.Beds24RoomId, date, f.Field, f.Value, message.Version)));
        }

        var changed = await pending.MergeAsync(message.AccountId, cells, cancellationToken).ConfigureAwait(false);
        return new CalendarIntakeResult(message.AccountId, cells.Count, changed);
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <param name="CellsChanged">Cells that were newer than what was stored (0 for a stale or duplicate message).</param>
public sealed record CalendarIntakeResult(string AccountId, int Cells, int CellsChanged);
