using Microsoft.Extensions.Logging;

namespace Beds24.Api.Diagnostics;

/// <summary>Log messages of the client. Requests are described redacted; tokens and personal data never appear.</summary>
internal static partial class Beds24ApiLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Beds24 {Request} -> {Status} in {ElapsedMs} ms, cost {Cost}, credits left {Remaining}")]
    public static partial void RequestCompleted(ILogger logger, string request, int status, long elapsedMs, decimal? cost, decimal? remaining);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Beds24 access token refreshed for account {AccountId}; valid for {ExpiresIn}")]
    public static partial void TokenRefreshed(ILogger logger, string accountId, TimeSpan expiresIn);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Beds24 refused the access token of account {AccountId} on {Request}; refreshing once")]
    public static partial void TokenRejected(ILogger logger, string accountId, string request);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Beds24 credit budget of account {AccountId} is spent ({Remaining} left); waiting {Wait} for the window to reset")]
    public static partial void WaitingForCredits(ILogger logger, string accountId, decimal remaining, TimeSpan wait);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Beds24 rate limit hit on {Request} for account {AccountId}; waiting {Wait}")]
    public static partial void RateLimited(ILogger logger, string accountId, string request, TimeSpan wait);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Beds24 {Request} attempt {Attempt} failed ({Outcome}); retrying in {Delay}")]
    public static partial void Retrying(ILogger logger, string request, int attempt, string outcome, TimeSpan delay);

    [LoggerMessage(EventId = 7, Level = LogLevel.Error, Message = "Beds24 circuit opened for {BreakDuration} after repeated failures")]
    public static partial void CircuitOpened(ILogger logger, TimeSpan breakDuration);

    /// <param name="reason">An exception message of this client: already redacted and scrubbed.</param>
    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Beds24 {Request} failed ({Outcome}): {Reason}")]
    public static partial void RequestFailed(ILogger logger, string request, string outcome, string reason);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Beds24 refresh token of account {AccountId} revoked")]
    public static partial void RefreshTokenRevoked(ILogger logger, string accountId);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Beds24 credit budget store failed for account {AccountId} ({Error}); using this process's last observation")]
    public static partial void CreditStoreFailed(ILogger logger, string accountId, string error);
}
