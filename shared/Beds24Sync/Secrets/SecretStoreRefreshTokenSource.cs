using Beds24.Api.Auth;
using Beds24.Api.Errors;
using Beds24Sync.Accounts;

namespace Beds24Sync.Secrets;

/// <summary>An account's Beds24 refresh token: the account row names the secret, the secret store holds it.</summary>
public sealed class SecretStoreRefreshTokenSource(IAccountStore accounts, ISecretStore secrets) : IBeds24RefreshTokenSource
{
    public async ValueTask<string> GetRefreshTokenAsync(string accountId, CancellationToken cancellationToken)
    {
        var account = await accounts.GetAsync(accountId, cancellationToken).ConfigureAwait(false)
            ?? throw new Beds24AuthenticationException($"Account '{accountId}' is not set up. Run `connect --account {accountId} --invite-code <code>` first.");
        return await secrets.GetSecretAsync(account.RefreshTokenSecretName, cancellationToken).ConfigureAwait(false) is { Length: > 0 } token
            ? token
            : throw new Beds24AuthenticationException($"No refresh token is stored for account '{accountId}' (secret '{account.RefreshTokenSecretName}'). Run `connect` with a new invite code.");
    }
}
