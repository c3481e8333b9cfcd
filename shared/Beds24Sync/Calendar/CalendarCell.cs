namespace Beds24Sync.Calendar;

/// <summary>
/// One field of one room on one date, with the PMS version that set it. Fields: numAvail, minStay, maxStay,
/// override, price1..price16. Value is the wire value as text (invariant culture).
/// </summary>
public sealed record CalendarCell(long RoomId, DateOnly Date, string Field, string Value, long Version);

/// <summary>A cell as stored in CalendarPending: its newest value and whether that value has reached Beds24.</summary>
/// <param name="Refused">Beds24 refused this value: kept (not marked sent), not retried by itself; replaying the dead letter, or a newer version, sends it again.</param>
public sealed record StoredCellValue(string Value, long Version, bool Sent, bool Refused = false);
