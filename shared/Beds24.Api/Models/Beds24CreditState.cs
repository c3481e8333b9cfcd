namespace Beds24.Api.Models;

/// <summary>
/// The account's rolling five-minute credit budget as last reported by Beds24
/// (<c>x-five-min-limit-remaining</c>, <c>x-five-min-limit-resets-in</c>, <c>x-request-cost</c>).
/// </summary>
public sealed record Beds24CreditState(decimal Remaining, DateTimeOffset ResetsAt, decimal? LastRequestCost, DateTimeOffset ObservedAt);
