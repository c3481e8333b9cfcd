using System.Net;
using System.Net.Http.Headers;

namespace Beds24.Api.Http.Steps;

/// <summary>
/// One logical Beds24 call as it passes through the steps (<see cref="Beds24CallStep"/>): what to send, on whose
/// budget, and what the steps learn on the way (the token in use, how long it has waited in total).
/// </summary>
internal sealed class Beds24Call
{
    public required string? AccountId { get; init; }

    public required HttpMethod Method { get; init; }

    public required string RelativeUrl { get; init; }

    public Func<HttpContent?>? Content { get; init; }

    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>Supplies and forgets access tokens; null for the authentication calls.</summary>
    public ITokenSupplier? Tokens { get; init; }

    /// <summary>False for writes that must not be applied twice (creates).</summary>
    public bool Resendable { get; init; } = true;

    public required CancellationToken CancellationToken { get; init; }

    /// <summary>"POST bookings" style, for logs and messages.</summary>
    public string Request => RequestDescription.Describe(Method, RelativeUrl);

    /// <summary>The endpoint, for metrics.</summary>
    public string Endpoint => RequestDescription.Endpoint(RelativeUrl);

    /// <summary>The access token of the attempt in flight (set by <see cref="TokenStep"/>).</summary>
    public string? Token { get; set; }

    /// <summary>Credit and rate-limit waits so far: bounded together by Beds24:MaxCreditWait.</summary>
    public TimeSpan Waited { get; set; }
}

/// <summary>What one attempt brought back: status, body, headers and how long it took.</summary>
internal sealed record Beds24Answer(HttpStatusCode Status, string Body, HttpResponseHeaders Headers, TimeSpan Elapsed)
{
    public bool IsSuccessStatusCode => (int)Status is >= 200 and < 300;
}
