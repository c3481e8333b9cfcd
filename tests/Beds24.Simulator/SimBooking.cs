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
    public string? Country { get; init; }
    public string? Lang { get; init; }
    public string? Comments { get; init; }
    public string? Notes { get; init; }
    public decimal Price { get; init; }
    public decimal Deposit { get; init; }
    public decimal Tax { get; init; }
    public decimal Commission { get; init; }
    public string? Channel { get; init; }
    public string? ApiSource { get; init; }
    public string? ApiReference { get; init; }
    public string? Referer { get; init; }
    public DateTimeOffset BookingTime { get; init; }
    public DateTimeOffset ModifiedTime { get; init; }
    public DateTimeOffset? CancelTime { get; init; }

    public bool HoldsInventory => Status is not ("cancelled" or "inquiry");
}
