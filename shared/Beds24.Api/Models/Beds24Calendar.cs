namespace Beds24.Api.Models;

/// <summary>Filters for GET /inventory/rooms/calendar. With no include flag Beds24 returns empty calendars.</summary>
public sealed record CalendarQuery
{
    public required IReadOnlyList<long> RoomIds { get; init; }
    public IReadOnlyList<long>? PropertyIds { get; init; }
    public required DateOnly StartDate { get; init; }
    public required DateOnly EndDate { get; init; }
    public bool IncludeNumAvail { get; init; } = true;
    public bool IncludeMinStay { get; init; } = true;
    public bool IncludeMaxStay { get; init; } = true;
    public bool IncludeMultiplier { get; init; }
    public bool IncludeOverride { get; init; } = true;
    public bool IncludePrices { get; init; } = true;
    public bool IncludeChannels { get; init; }
}

/// <summary>A room's calendar: runs of equal days as ranges with an inclusive <see cref="Beds24CalendarRange.To"/>.</summary>
public sealed record Beds24RoomCalendar(long RoomId, IReadOnlyList<Beds24CalendarRange> Calendar);

/// <summary>
/// One calendar range. On write, a null property is not sent (left unchanged); to delete a value Beds24-side
/// use <see cref="Beds24CalendarRange.Cleared"/> with the field name.
/// </summary>
public sealed record Beds24CalendarRange
{
    public required DateOnly From { get; init; }
    /// <summary>Inclusive last date of the run.</summary>
    public required DateOnly To { get; init; }
    public int? NumAvail { get; init; }
    public int? MinStay { get; init; }
    public int? MaxStay { get; init; }
    public decimal? Multiplier { get; init; }
    /// <summary>none, blackout, exception, noCheckIn, noCheckOut, noCheckInOrCheckOut.</summary>
    public string? Override { get; init; }
    /// <summary>price1..price16 keyed by slot number (1-16).</summary>
    public IReadOnlyDictionary<int, decimal>? Prices { get; init; }
    /// <summary>Field names (e.g. "minStay", "price3") to send as JSON null, which deletes the value in Beds24.</summary>
    public IReadOnlyList<string>? Cleared { get; init; }
}

/// <summary>One room's per-date values, expanded from ranges: handy for diffing and coalescing.</summary>
public sealed record Beds24CalendarDay
{
    public required long RoomId { get; init; }
    public required DateOnly Date { get; init; }
    public int? NumAvail { get; init; }
    public int? MinStay { get; init; }
    public int? MaxStay { get; init; }
    public decimal? Multiplier { get; init; }
    public string? Override { get; init; }
    public IReadOnlyDictionary<int, decimal>? Prices { get; init; }
    /// <summary>Field names to delete in Beds24 on this date (written as JSON null), as in <see cref="Beds24CalendarRange.Cleared"/>.</summary>
    public IReadOnlyList<string>? Cleared { get; init; }
}

/// <summary>Result of POST /inventory/rooms/calendar for one room.</summary>
public sealed record Beds24CalendarWriteResult
{
    public bool Success { get; init; }
    public long? RoomId { get; init; }
    public IReadOnlyList<Beds24Problem> Errors { get; init; } = [];
    public IReadOnlyList<Beds24Problem> Warnings { get; init; } = [];
}
