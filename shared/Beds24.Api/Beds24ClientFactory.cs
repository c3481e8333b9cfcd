using System.Collections.Concurrent;
using System.Text.Json;
using Beds24.Api.Auth;
using Beds24.Api.Credits;
using Beds24.Api.Diagnostics;
using Beds24.Api.Errors;
using Beds24.Api.Http;
using Beds24.Api.Json;
using Beds24.Api.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Beds24.Api;

/// <summary>
/// Hands out one <see cref="Beds24Client"/> per account (each with its own token cache) over one connection
/// (HttpClient, resilience pipeline, shared credit store).
/// </summary>
public sealed class Beds24ClientFactory : IBeds24ClientFactory, IDisposable
{
    private readonly Beds24Connection _connection;
    private readonly Beds24ClientOptions _options;
    private readonly TimeProvider _time;
    private readonly IBeds24RefreshTokenSource _refreshTokens;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Beds24Client> _clients = new(StringComparer.Ordinal);

    public Beds24ClientFactory(HttpClient httpClient, IOptions<Beds24ClientOptions> options, IBeds24RefreshTokenSource refreshTokens,
        ICreditBudgetStore credits, TimeProvider timeProvider, Beds24ApiMetrics metrics, ILogger<Beds24ClientFactory>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(refreshTokens);
        ArgumentNullException.ThrowIfNull(credits);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(metrics);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _options = options.Value;
        _time = timeProvider;
        _connection = new Beds24Connection(httpClient, _options, credits, timeProvider, _logger, metrics);
        _refreshTokens = refreshTokens;
    }

    public IBeds24Client GetClient(string accountId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountId);
        return _clients.GetOrAdd(accountId, id => new Beds24Client(id, _connection, _options, _time, _logger, _refreshTokens));
    }

    public async Task<Beds24AuthenticationSetup> ExchangeInviteCodeAsync(string inviteCode, string? deviceName = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(inviteCode);
        var headers = new Dictionary<string, string> { ["code"] = inviteCode.Trim() };
        if (!string.IsNullOrWhiteSpace(deviceName))
        {
            headers["deviceName"] = deviceName;
        }

        Beds24Response response;
        try
        {
            response = await _connection.SendAsync(null, HttpMethod.Get, "authentication/setup", null, headers, null, cancellationToken).ConfigureAwait(false);
        }
        catch (Beds24ValidationException ex)
        {
            throw new Beds24AuthenticationException(
                "Beds24 refused the invite code: it is wrong, already used or older than 24 hours. Create a new one in Beds24 (Settings > Account > API) and try again.",
                ex.Status, ex.Request, ex);
        }

        TokenResponse? token;
        try
        {
            token = JsonSerializer.Deserialize(response.Body, Beds24JsonContext.Default.TokenResponse);
        }
        catch (JsonException ex)
        {
            throw new Beds24AuthenticationException("Beds24 answered the invite code with a body that is not the expected JSON.", response.Status, response.Request, ex);
        }

        if (string.IsNullOrEmpty(token?.RefreshToken) || string.IsNullOrEmpty(token.Token))
        {
            throw new Beds24AuthenticationException("Beds24 accepted the invite code but returned no refresh token.", response.Status, response.Request);
        }

        return new Beds24AuthenticationSetup(token.Token, TimeSpan.FromSeconds(token.ExpiresIn ?? 3600), token.RefreshToken);
    }

    public async Task RevokeRefreshTokenAsync(string accountId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountId);
        var refreshToken = await _refreshTokens.GetRefreshTokenAsync(accountId, cancellationToken).ConfigureAwait(false);
        await _connection.SendAsync(accountId, HttpMethod.Delete, "authentication/token", null,
            new Dictionary<string, string> { ["refreshToken"] = refreshToken }, null, cancellationToken).ConfigureAwait(false);
        if (_clients.TryGetValue(accountId, out var client))
        {
            // Access tokens minted from a revoked refresh token must not outlive it here.
            client.ForgetAccessToken();
        }

        Beds24ApiLog.RefreshTokenRevoked(_logger, accountId);
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }
}
