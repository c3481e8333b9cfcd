using System.Net;
using Beds24.Api.Models;

namespace Beds24.Api.Errors;

/// <summary>
/// A Beds24 call failed. Carries the HTTP status, Beds24's error items, the credits the request cost and a redacted
/// description of the request (method and path, never a token, email or phone).
/// </summary>
public class Beds24ApiException : Exception
{
    public Beds24ApiException(string message, HttpStatusCode? status = null, string? request = null,
        IReadOnlyList<Beds24Problem>? errors = null, decimal? requestCost = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Status = status;
        Request = request;
        Errors = errors ?? [];
        RequestCost = requestCost;
    }

    public HttpStatusCode? Status { get; }

    /// <summary>Redacted request, e.g. <c>GET bookings?id=1&amp;status=cancelled</c>.</summary>
    public string? Request { get; }

    public IReadOnlyList<Beds24Problem> Errors { get; }

    public decimal? RequestCost { get; }

    /// <summary>True when trying again later can succeed (network, timeout, 5xx, rate limit).</summary>
    public virtual bool IsTransient => Status is null || (int)Status >= 500 || Status == HttpStatusCode.TooManyRequests;
}

/// <summary>The token was refused or cannot be had (bad/missing refresh token, revoked, missing scope). Not transient.</summary>
public sealed class Beds24AuthenticationException(string message, HttpStatusCode? status = null, string? request = null, Exception? innerException = null)
    : Beds24ApiException(message, status, request, innerException: innerException)
{
    public override bool IsTransient => false;
}

/// <summary>The account's credit budget is spent and did not reset within the allowed wait.</summary>
public sealed class Beds24RateLimitException(string message, TimeSpan retryAfter, string? request = null, decimal? requestCost = null)
    : Beds24ApiException(message, HttpStatusCode.TooManyRequests, request, requestCost: requestCost)
{
    public TimeSpan RetryAfter { get; } = retryAfter;

    public override bool IsTransient => true;
}

/// <summary>Beds24 refused the request's content (400 or success:false with field errors). Not transient.</summary>
public sealed class Beds24ValidationException(string message, HttpStatusCode? status, string? request, IReadOnlyList<Beds24Problem> errors, decimal? requestCost = null)
    : Beds24ApiException(message, status, request, errors, requestCost)
{
    public override bool IsTransient => false;
}

/// <summary>No usable answer: connection refused or dropped, DNS, timeout, or the circuit is open. Transient.</summary>
public sealed class Beds24NetworkException(string message, string? request = null, Exception? innerException = null)
    : Beds24ApiException(message, null, request, innerException: innerException)
{
    public override bool IsTransient => true;
}

/// <summary>
/// A write that Beds24 may or may not have applied: the request was sent, and its answer was lost (timeout, reset
/// connection, 5xx from a gateway). Creates are not idempotent, so it was not resent: find what Beds24 holds before
/// writing again. Transient.
/// </summary>
public sealed class Beds24WriteOutcomeUnknownException(string message, System.Net.HttpStatusCode? status, string? request, Exception? innerException = null)
    : Beds24ApiException(message, status, request, innerException: innerException)
{
    public override bool IsTransient => true;
}
