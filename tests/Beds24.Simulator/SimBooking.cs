namespace Beds24.Simulator;

/// <summary>A booking as the simulator stores it (its own model: the simulator reads the spec independently of the client).</summary>
public sealed record SimBooking
{
    public long Id { get; init; }
    public int OwnerId { get; init; }
    public long? MasterId { get; init; }
    public long PropertyId { get; init; }
    public long RoomId { get; init; }
    public long? UnitId { get; init; }
    public string Status { get; init; } = "confirmed";
    public string? SubStatus { get; init; }
    public DateOnly Arrival { get; init; }
    public DateOnly Departure { get; init; }
    public int NumAdult { get; init; } = 1;
    public int NumChild { get; init; }
    public string? Title { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? Mobile { get; init; }
    public string? Company { get; init; }
    public string? Address { get; init; }
    public string? City { get; init; }
    public string? State { get; init; }
    public string? Postcode { get; init; }
    /// <summary>Free text as the guest or channel typed it (e.g. "ru", "Germany").</summary>
    public string? Country { get; init; }
    /// <summary>The ISO 3166-1 alpha-2 code.</summary>
    public string? Country2 { get; init; }
    public string? Lang { get; init; }
    public string? Comments { get; init; }
    public string? Notes { get; init; }
    public decimal Price { get; init; }
    public decimal Deposit { get; init; }
    public decimal Tax { get; init; }
    public decimal Commission { get; init; }
    public string? Channel { get; init; }
    public string? ApiSource { get; init; }
    public int? ApiSourceId { get; init; }
    public string? ApiReference { get; init; }
    public string? Referer { get; init; }
    public DateTimeOffset BookingTime { get; init; }
    public DateTimeOffset ModifiedTime { get; init; }
    public DateTimeOffset? CancelTime { get; init; }
    /// <summary>Info items (<c>{code, text}</c>), kept as Beds24 keeps them: POSTed items are added, never replaced.</summary>
    public IReadOnlyList<SimInfoItem> InfoItems { get; init; } = [];

    public bool HoldsInventory => Status is not ("cancelled" or "inquiry");

    /// <summary>Whether Beds24 fires a booking webhook for a change from <paramref name="before"/> to this (FACTS.md: availability-affecting changes only).</summary>
    public bool AffectsAvailabilityComparedTo(SimBooking before) =>
        Status != before.Status || Arrival != before.Arrival || Departure != before.Departure || RoomId != before.RoomId || UnitId != before.UnitId;
}

/// <summary>One info item of a booking.</summary>
public sealed record SimInfoItem(long Id, string Code, string Text);
