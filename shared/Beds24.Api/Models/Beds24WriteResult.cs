namespace Beds24.Api.Models;

/// <summary>
/// One per-item result of POST/DELETE /bookings (same order as the request). <c>Success == false</c> can still
/// carry <see cref="Modified"/> changes, and warnings arrive with 201: callers must inspect every item.
/// </summary>
public sealed record Beds24WriteResult
{
    public bool Success { get; init; }
    /// <summary>The new object (e.g. the created booking with its id), when Beds24 sends one.</summary>
    public System.Text.Json.JsonElement? New { get; init; }
    public System.Text.Json.JsonElement? Modified { get; init; }
    public IReadOnlyList<Beds24Problem> Errors { get; init; } = [];
    public IReadOnlyList<Beds24Problem> Warnings { get; init; } = [];
    public IReadOnlyList<Beds24Problem> Info { get; init; } = [];

    /// <summary>The booking id created or modified, read from <see cref="New"/> or <see cref="Modified"/>.</summary>
    public long? BookingId { get; init; }
}

/// <summary>An error, warning or info item from Beds24: which action, which field, what message.</summary>
public sealed record Beds24Problem(string? Action, string? Field, string? Message);
