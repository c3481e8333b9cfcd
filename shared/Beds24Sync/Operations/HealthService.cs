using System.Text.Json.Nodes;
using Beds24.Api;
using Beds24Sync.Accounts;
using Beds24Sync.Secrets;
using Beds24Sync.Storage;
using Beds24Sync.Webhooks;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Operations;

/// <summary>
/// /health: storage reachable, the secret store reachable (webhook secret readable), and per account a valid Beds24
/// token — including the IP-whitelist trap: a token limited to whitelisted IPs while we call from another IP.
/// </summary>
public sealed class HealthService(StorageClients storage, ISecretStore secrets, IOptions<WebhookOptions> webhook, IAccountStore accounts, IBeds24ClientFactory beds24)
{
    public async Task<ApiResult> CheckAsync(CancellationToken cancellationToken)
    {
        var checks = new JsonArray();
        var healthy = true;

        async Task Check(string name, Func<Task<string>> probe)
        {
            try
            {
                checks.Add(new JsonObject { ["name"] = name, ["status"] = "healthy", ["detail"] = await probe().ConfigureAwait(false) });
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                healthy = false;
                checks.Add(new JsonObject { ["name"] = name, ["status"] = "unhealthy", ["detail"] = ex.Message });
            }
        }

        await Check("storage", async () =>
        {
            await storage.Queue(StorageNames.Queues.PushBookings).GetPropertiesAsync(cancellationToken).ConfigureAwait(false);
            return "queues and tables reachable";
        }).ConfigureAwait(false);
        await Check("secrets", async () => await secrets.GetSecretAsync(webhook.Value.SecretName, cancellationToken).ConfigureAwait(false) is { Length: > 0 }
            ? "webhook secret readable"
            : throw new InvalidOperationException($"secret '{webhook.Value.SecretName}' is not set: webhooks will be refused")).ConfigureAwait(false);

        await foreach (var account in accounts.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            await Check($"beds24:{account.AccountId}", async () =>
            {
                var details = await beds24.GetClient(account.AccountId).GetTokenDetailsAsync(cancellationToken).ConfigureAwait(false);
                if (!details.ValidToken)
                {
                    throw new InvalidOperationException("Beds24 says the token is not valid; reconnect the account with a new invite code");
                }

                if (details.WhiteListOnly && details.RequestIp is { } ip && !details.WhiteList.Contains(ip))
                {
                    throw new InvalidOperationException($"the token only works from whitelisted IPs ({string.Join(", ", details.WhiteList)}) but this app calls from {ip}; " +
                        "Azure Functions' outbound IPs change, so remove the IP whitelist from the invite code");
                }

                return $"token valid, scopes: {string.Join(" ", details.Scopes)}";
            }).ConfigureAwait(false);
        }

        var body = new JsonObject { ["status"] = healthy ? "healthy" : "unhealthy", ["checks"] = checks };
        return new ApiResult(healthy ? 200 : 503, ApiResult.Json, body.ToJsonString());
    }
}
