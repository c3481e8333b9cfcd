using System.Text.Json.Nodes;
using Azure;
using Beds24.Api;
using Beds24.Api.Errors;
using Beds24Sync.Accounts;
using Beds24Sync.Secrets;
using Beds24Sync.Storage;
using Beds24Sync.Webhooks;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Operations;

/// <summary>
/// /health: storage reachable, the secret store (Key Vault) reachable and each enabled account's webhook secret set, and per account a
/// valid Beds24 token (GET authentication/details) — including the IP-whitelist trap: a token restricted to
/// whitelisted IPs while this app calls from another one. Unhealthy answers 503, healthy and degraded 200.
/// </summary>
public sealed class HealthService(StorageClients storage, ISecretStore secrets, IOptions<WebhookOptions> webhook, IAccountStore accounts, IBeds24ClientFactory beds24)
{
    public async Task<IReadOnlyList<HealthCheckResult>> CheckAllAsync(CancellationToken cancellationToken)
    {
        var storageCheck = await CheckStorageAsync(cancellationToken).ConfigureAwait(false);
        var enabled = new List<Beds24Account>();
        if (storageCheck.Status != HealthStatus.Unhealthy)
        {
            // The account list lives in storage.
            await foreach (var account in accounts.ListAsync(cancellationToken).ConfigureAwait(false))
            {
                if (account.Enabled)
                {
                    enabled.Add(account);
                }
            }
        }

        var results = new List<HealthCheckResult> { storageCheck, await CheckSecretsAsync(enabled, cancellationToken).ConfigureAwait(false) };
        foreach (var account in enabled)
        {
            results.Add(await CheckBeds24Async(account.AccountId, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    public async Task<ApiResult> CheckAsync(CancellationToken cancellationToken)
    {
        var results = await CheckAllAsync(cancellationToken).ConfigureAwait(false);
        var overall = results.Max(r => r.Status);
        var body = new JsonObject
        {
            ["status"] = Text(overall),
            ["checks"] = new JsonArray([.. results.Select(r => (JsonNode)new JsonObject { ["name"] = r.Name, ["status"] = Text(r.Status), ["detail"] = r.Detail })]),
        };
        return new ApiResult(overall == HealthStatus.Unhealthy ? 503 : 200, ApiResult.Json, body.ToJsonString());
    }

    private async Task<HealthCheckResult> CheckStorageAsync(CancellationToken cancellationToken)
    {
        try
        {
            await storage.Queue(StorageNames.Queues.PushBookings).GetPropertiesAsync(cancellationToken).ConfigureAwait(false);
            await storage.Table(StorageNames.Tables.Accounts).GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>("health", "probe", cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            return new("storage", HealthStatus.Healthy, "queues and tables reachable");
        }
        catch (RequestFailedException ex)
        {
            return new("storage", HealthStatus.Unhealthy,
                $"storage answered {ex.Status} {ex.ErrorCode}: check the Storage settings and the app identity's data roles (queue, table)");
        }
        catch (Exception ex) when (ex is HttpRequestException or AggregateException or Azure.Identity.AuthenticationFailedException)
        {
            return new("storage", HealthStatus.Unhealthy, $"storage unreachable ({ex.GetType().Name}): check the Storage settings, the network and the app identity");
        }
    }

    /// <summary>
    /// The secret store is reachable and every webhook secret an enabled account accepts is set (its own, or the shared
    /// one for accounts registered before secrets were per account); a missing one answers that account's webhooks 503
    /// "Webhook secret not configured", as the intake does.
    /// </summary>
    private async Task<HealthCheckResult> CheckSecretsAsync(IReadOnlyList<Beds24Account> enabled, CancellationToken cancellationToken)
    {
        var shared = webhook.Value.SecretName;
        var names = enabled.Count == 0
            ? new Dictionary<string, List<string>> { [shared] = [] }
            : enabled.GroupBy(a => a.WebhookSecretName ?? shared).ToDictionary(g => g.Key, g => g.Select(a => a.AccountId).ToList());
        try
        {
            var missing = new List<string>();
            foreach (var (name, accountIds) in names)
            {
                if (await secrets.GetSecretAsync(name, cancellationToken).ConfigureAwait(false) is not { Length: > 0 })
                {
                    missing.Add(accountIds.Count == 0 ? $"'{name}'" : $"'{name}' (account {string.Join(", ", accountIds)})");
                }
            }

            return missing.Count == 0
                ? new("secrets", HealthStatus.Healthy, $"secret store reachable, webhook secret(s) {string.Join(", ", names.Keys.Select(n => $"'{n}'"))} set")
                : new("secrets", HealthStatus.Degraded,
                    $"webhook secret {string.Join(", ", missing)} not set: those webhooks are answered 503 'Webhook secret not configured' until it is (the 5-minute pull still runs)");
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or Azure.Identity.AuthenticationFailedException or Azure.Identity.CredentialUnavailableException)
        {
            return new("secrets", HealthStatus.Unhealthy,
                $"secret store unreachable ({ex.GetType().Name}): check SecretStore:KeyVaultUri and that the app identity has 'Key Vault Secrets User'");
        }
    }

    private async Task<HealthCheckResult> CheckBeds24Async(string accountId, CancellationToken cancellationToken)
    {
        var name = "beds24:" + accountId;
        try
        {
            var details = await beds24.GetClient(accountId).GetTokenDetailsAsync(cancellationToken).ConfigureAwait(false);
            if (!details.ValidToken)
            {
                return new(name, HealthStatus.Unhealthy, "Beds24 says the token is not valid: reconnect the account with a new invite code (`connect`)");
            }

            if (details.WhiteListOnly && (details.RequestIp is null || !details.WhiteList.Contains(details.RequestIp)))
            {
                return new(name, HealthStatus.Degraded,
                    $"the token only works from whitelisted IPs ({string.Join(", ", details.WhiteList)}) but this app calls from {details.RequestIp ?? "an unknown IP"}: " +
                    "Beds24 will refuse it. Azure Functions' outbound IPs change, so create an invite code without an IP whitelist and run `connect` again");
            }

            return new(name, HealthStatus.Healthy, $"token valid, scopes: {string.Join(" ", details.Scopes)}");
        }
        catch (Beds24AuthenticationException ex)
        {
            return new(name, HealthStatus.Unhealthy, ex.Message);
        }
        catch (Beds24ApiException ex)
        {
            return new(name, HealthStatus.Degraded, $"Beds24 did not answer the token check ({ex.GetType().Name}); work waits in the queues and retries");
        }
    }

    private static string Text(HealthStatus status) => status.ToString().ToLowerInvariant();
}
