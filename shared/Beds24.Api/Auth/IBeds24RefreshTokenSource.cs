namespace Beds24.Api.Auth;

/// <summary>Where an account's refresh token comes from (Key Vault in Azure, configuration or user secrets locally).</summary>
public interface IBeds24RefreshTokenSource
{
    /// <exception cref="Errors.Beds24AuthenticationException">No refresh token is stored for the account.</exception>
    ValueTask<string> GetRefreshTokenAsync(string accountId, CancellationToken cancellationToken);
}
