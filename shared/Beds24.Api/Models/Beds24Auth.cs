namespace Beds24.Api.Models;

/// <summary>Result of exchanging an invite code (GET /authentication/setup). The refresh token is a secret.</summary>
public sealed record Beds24AuthenticationSetup(string Token, TimeSpan ExpiresIn, string RefreshToken)
{
    // Records print every property; a secret must never reach a log through ToString.
    public override string ToString() => $"Beds24AuthenticationSetup {{ ExpiresIn = {ExpiresIn} }}";
}

/// <summary>GET /authentication/details: token validity, scopes and IP-whitelist diagnostics.</summary>
public sealed record Beds24TokenDetails
{
    public bool ValidToken { get; init; }
    public long? OwnerId { get; init; }
    public TimeSpan? ExpiresIn { get; init; }
    public IReadOnlyList<string> Scopes { get; init; } = [];
    public bool? LinkedProperties { get; init; }
    /// <summary>When set, the token can access only this property.</summary>
    public long? OnlyPropertyId { get; init; }
    public bool WhiteListOnly { get; init; }
    public IReadOnlyList<string> WhiteList { get; init; } = [];
    /// <summary>The IP Beds24 saw us call from (diagnostics.requestIp): the one to whitelist.</summary>
    public string? RequestIp { get; init; }
}
