namespace Beds24.Simulator;

/// <summary>One room's stored values for one date. Null = no value set.</summary>
public sealed record SimCalendarDay
{
    public int? NumAvail { get; init; }
    public int? MinStay { get; init; }
    public int? MaxStay { get; init; }
    public decimal? Multiplier { get; init; }
    public string? Override { get; init; }
    public IReadOnlyDictionary<int, decimal> Prices { get; init; } = new Dictionary<int, decimal>();
}
