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
    /// <summary>The property's booking webhook setting (Settings → Properties → Access → Booking Webhook), when sent.</summary>
    public Beds24BookingWebhookSetting? Webhooks { get; init; }
}

/// <summary>
/// A property's booking webhook as <c>GET /properties</c> shows it. The custom header carries the webhook secret: it is
/// read only to tell whether one is set, and is neither exposed nor printed.
/// </summary>
public sealed record Beds24BookingWebhookSetting
{
    /// <summary><c>one</c>, <c>twoNoPersonalData</c> or <c>twoWithPersonalData</c>.</summary>
    public string? Version { get; init; }
    public string? Url { get; init; }
    /// <summary><c>none</c>, <c>CVC</c>, <c>token</c> or <c>CVCAndToken</c>: card data added to every webhook body.</summary>
    public string? AdditionalData { get; init; }

    [System.Text.Json.Serialization.JsonInclude]
    [System.Text.Json.Serialization.JsonPropertyName("customHeader")]
    internal string? CustomHeaderLines { get; init; }

    public bool HasCustomHeader => !string.IsNullOrWhiteSpace(CustomHeaderLines);

    /// <summary>Whether Beds24 sends card data (the CVC or a payment token) to the webhook URL.</summary>
    public bool SendsCardData => !string.IsNullOrWhiteSpace(AdditionalData) && !string.Equals(AdditionalData, "none", StringComparison.OrdinalIgnoreCase);
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
