namespace Beds24.Api.Models;

public sealed record PropertyQuery
{
    public IReadOnlyList<long>? Ids { get; init; }
    /// <summary>Only the properties holding these rooms.</summary>
    public IReadOnlyList<long>? RoomIds { get; init; }
    public bool IncludeAllRooms { get; init; } = true;
    public bool IncludeUnitDetails { get; init; }
}

public sealed record Beds24Property
{
    public long Id { get; init; }
    public string? Name { get; init; }
    public string? Currency { get; init; }
    public string? Country { get; init; }
    public string? TimeZone { get; init; }
    public IReadOnlyList<Beds24RoomType> RoomTypes { get; init; } = [];
}

public sealed record Beds24RoomType
{
    public long Id { get; init; }
    public long? PropertyId { get; init; }
    public string? Name { get; init; }
    public int? Qty { get; init; }
    public IReadOnlyList<Beds24Unit> Units { get; init; } = [];
}

public sealed record Beds24Unit(long Id, string? Name);
