namespace Beds24Sync.Contracts;

/// <summary>
/// Availability, price and restrictions for one PMS room type over an inclusive date range, on
/// <c>beds24-push-calendar</c> (schema docs/contracts/pms-calendar-message.schema.json). Null fields are left
/// unchanged. Last write wins per room/date/field by <see cref="Version"/>.
/// </summary>
public sealed record PmsCalendarMessage
{
    public const int CurrentSchemaVersion = 1;

    public required string MessageId { get; init; }
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    public required string AccountId { get; init; }
    public required long Version { get; init; }
    public required string PropertyId { get; init; }
    public required string RoomTypeId { get; init; }
    /// <summary>Rate plan the price belongs to; RoomMappings maps it to a Beds24 price slot (price1..16).</summary>
    public string? RatePlanId { get; init; }
    public required DateOnly From { get; init; }
    /// <summary>Inclusive.</summary>
    public required DateOnly To { get; init; }
    public int? Availability { get; init; }
    public decimal? Price { get; init; }
    public int? MinStay { get; init; }
    public int? MaxStay { get; init; }
    /// <summary>none, blackout, noCheckIn, noCheckOut, noCheckInOrCheckOut (Beds24's override values).</summary>
    public string? Restriction { get; init; }
}
