using System.Globalization;
using Beds24Sync.Calendar;
using Beds24Sync.Contracts;

namespace Beds24Sync.Mapping;

/// <summary>
/// PMS calendar message → Beds24 calendar cells (one per room, date and field) through the room mapping; the
/// rate plan picks the price slot. Fields the message leaves null are not touched in Beds24.
/// </summary>
public static class CalendarMapper
{
    public static IReadOnlyList<CalendarCell> ToCells(PmsCalendarMessage message, RoomMapping room)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(room);
        if (room.PmsPropertyId != message.PropertyId || room.PmsRoomTypeId != message.RoomTypeId)
        {
            throw new ArgumentException($"Room mapping {room.PmsPropertyId}/{room.PmsRoomTypeId} does not belong to {message.PropertyId}/{message.RoomTypeId}.", nameof(room));
        }

        var fields = new List<(string Field, string Value)>();
        if (message.Availability is { } availability)
        {
            fields.Add((CalendarFields.NumAvail, Invariant(availability)));
        }

        if (message.MinStay is { } minStay)
        {
            fields.Add((CalendarFields.MinStay, Invariant(minStay)));
        }

        if (message.MaxStay is { } maxStay)
        {
            fields.Add((CalendarFields.MaxStay, Invariant(maxStay)));
        }

        if (message.Restriction is { } restriction)
        {
            fields.Add((CalendarFields.Override, restriction));
        }

        if (message.Price is { } price)
        {
            if (message.RatePlanId is null || !room.PriceSlots.TryGetValue(message.RatePlanId, out var slot) || slot is < 1 or > 16)
            {
                throw new MappingException($"Rate plan '{message.RatePlanId ?? "(none)"}' of property '{message.PropertyId}' room type '{message.RoomTypeId}' has no Beds24 price slot (1..16) in RoomMappings; the price cannot be pushed. Add it, then replay the dead letter.");
            }

            fields.Add((CalendarFields.Price(slot), price.ToString(CultureInfo.InvariantCulture)));
        }

        var cells = new List<CalendarCell>(fields.Count * (message.To.DayNumber - message.From.DayNumber + 1));
        for (var date = message.From; date <= message.To; date = date.AddDays(1))
        {
            cells.AddRange(fields.Select(f => new CalendarCell(room.Beds24RoomId, date, f.Field, f.Value, message.Version)));
        }

        return cells;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
