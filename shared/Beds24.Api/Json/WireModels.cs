using System.Text.Json;
using Beds24.Api.Models;

namespace Beds24.Api.Json;

// Shapes of Beds24 responses that the public models do not mirror one to one.

internal sealed record TokenResponse(string? Token, int? ExpiresIn, string? RefreshToken);

internal sealed record TokenDetailsResponse(bool ValidToken, TokenDetailsToken? Token, TokenDiagnostics? Diagnostics);

internal sealed record TokenDetailsToken(long? OwnerId, int? ExpiresIn, IReadOnlyList<string>? Scopes, bool? LinkedProperties, long? OnlyPropertyId, bool? WhiteListOnly, IReadOnlyList<string>? WhiteList);

internal sealed record TokenDiagnostics(string? RequestIp);

internal sealed record PageInfo(bool NextPageExists, string? NextPageLink);

internal sealed record BookingsPage(bool Success, int? Count, PageInfo? Pages, IReadOnlyList<Beds24Booking>? Data);

internal sealed record PropertiesPage(bool Success, PageInfo? Pages, IReadOnlyList<Beds24Property>? Data);

internal sealed record CalendarPage(bool Success, PageInfo? Pages, IReadOnlyList<JsonElement>? Data);

internal sealed record WriteResultWire(bool Success, JsonElement? New, JsonElement? Modified,
    IReadOnlyList<Beds24Problem>? Errors, IReadOnlyList<Beds24Problem>? Warnings, IReadOnlyList<WriteInfoWire>? Info);

/// <summary>An info item of a write result; live, a create's names the new booking: <c>{"action":"new booking","id":…}</c>.</summary>
internal sealed record WriteInfoWire(string? Action, string? Field, string? Message, JsonElement? Id);
