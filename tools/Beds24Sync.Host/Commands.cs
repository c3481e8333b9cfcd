using System.CommandLine;
using System.Text.Json;
using Beds24.Api;
using Beds24Sync.Accounts;
using Beds24Sync.Conflicts;
using Beds24Sync.DeadLetters;
using Beds24Sync.Operations;
using Beds24Sync.Operator;
using Beds24Sync.Pull;
using Beds24Sync.Secrets;
using Beds24Sync.Workflows;
using Beds24Sync.Workflows.Pull;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Host;

/// <summary>The CLI verbs. Each builds the engine (without the web server for one-shot verbs) and calls one shared service.</summary>
internal static partial class Commands
{
    public static Command Serve(Option<string?> storage, Option<Uri?> beds24Url)
    {
        var beds24 = new Option<string>("--beds24") { Description = "simulator (default) or real", DefaultValueFactory = _ => "simulator" };
        beds24.AcceptOnlyFromAmong("simulator", "real");
        var port = CliOptions.Port("--port", "HTTP port of the host", 7071);
        var simulatorPort = CliOptions.Port("--simulator-port", "Port of the in-process Beds24 simulator", 5080);
        var fresh = new Option<bool>("--fresh") { Description = "Start on empty storage: empties the local Azurite first (refused for any other storage)" };
        var command = new Command("serve", "Run the whole system here: webhook, conflicts API and page, status/metrics/health, queue processing, schedules") { beds24, port, simulatorPort, fresh };
        command.SetAction(async (result, ct) =>
        {
            var useSimulator = result.GetValue(beds24) == "simulator";
            var overrides = Overrides(result, storage, beds24Url);
            if (useSimulator)
            {
                // The demo's simulator tokens are throwaway: keep them out of the operator's real secrets file.
                overrides["SecretStore:LocalFile"] = Path.Combine(Path.GetTempPath(), "beds24sync-demo-secrets.json");
            }

            var (app, simulator) = await LocalSystem.BuildAsync([], useSimulator, result.GetValue(port), result.GetValue(simulatorPort), overrides);
            await using var _ = simulator;
            if (result.GetValue(fresh))
            {
                var connection = app.Services.GetRequiredService<IConfiguration>()["Storage:ConnectionString"];
                try
                {
                    Console.WriteLine($"Fresh start: emptied {await DemoStorageReset.WipeAsync(connection ?? "", ct)} tables, queues and containers of the local Azurite.");
                }
                catch (InvalidOperationException ex)
                {
                    Console.Error.WriteLine($"error: {ex.Message}");
                    return 2;
                }
            }

            try
            {
                await app.StartAsync(ct);
            }
            catch (Microsoft.Extensions.Options.OptionsValidationException ex)
            {
                // A bad setting is the operator's to fix: its name and the rule, not a stack trace.
                Console.Error.WriteLine($"error: {string.Join(Environment.NewLine + "       ", ex.Failures)}");
                return 1;
            }

            var address = new Uri($"http://127.0.0.1:{result.GetValue(port)}/");
            if (simulator is not null)
            {
                if (await DemoSeeder.HasEarlierRunAsync(app.Services, ct))
                {
                    Console.Error.WriteLine("WARNING: this storage already holds the demo account's bookings from an earlier simulator run. The simulator starts empty");
                    Console.Error.WriteLine("         each run and hands out the same booking ids again, which the engine refuses to rebind (dead letters 'already bound').");
                    Console.Error.WriteLine("         For a clean demo start again with --fresh (empties this local Azurite), or use scripts/run-local.sh (in-memory Azurite).");
                }

                var demo = await DemoSeeder.SeedAsync(app.Services, simulator, address, ct);
                Console.WriteLine($"Beds24 simulator: {simulator.BaseAddress} (demo account 'demo', property {demo.PropertyId}, rooms {demo.DoubleRoomId} DBL, {demo.SuiteRoomId} STE)");
            }

            Console.WriteLine($"Host:      {address}");
            // The token opens the conflicts API; the link carries it in the fragment (never sent to a server or logged).
            var token = app.Services.GetRequiredService<IOptions<OperatorAccessOptions>>().Value.Token;
            Console.WriteLine($"Conflicts: {address}conflicts#token={token}");
            Console.WriteLine($"           (API: header 'Authorization: Bearer {token}'; a new token every start)");
            Console.WriteLine($"Status:    {address}api/integrations/beds24/status   health: …/health   metrics: …/metrics");
            Console.WriteLine("PMS queues: beds24-push-bookings, beds24-push-calendar → Beds24; Beds24 → pms-inbound. Ctrl+C stops.");
            await app.WaitForShutdownAsync(ct);
            return 0;
        });
        return command;
    }

    public static Command Connect(Option<string?> storage, Option<Uri?> beds24Url)
    {
        var account = AccountOption(required: true);
        var inviteCode = new Option<string>("--invite-code") { Description = "Beds24 invite code (Settings > Account > API), valid 24 h, single use", Required = true };
        var properties = new Option<long[]>("--property") { Description = "Beds24 property id to sync (repeat for several)", AllowMultipleArgumentsPerToken = true };
        var command = new Command("connect", "Exchange an invite code for a refresh token, store it in the secret store and register the account") { account, inviteCode, properties };
        command.SetAction((result, ct) => RunAsync(result, storage, beds24Url, async (services, ct2) =>
        {
            var accountId = result.GetValue(account)!;
            var setup = await services.GetRequiredService<IBeds24ClientFactory>().ExchangeInviteCodeAsync(result.GetValue(inviteCode)!, "beds24sync", ct2);
            var secretName = SecretNames.RefreshToken(accountId);
            await services.GetRequiredService<ISecretStore>().SetSecretAsync(secretName, setup.RefreshToken, ct2);
            var accounts = services.GetRequiredService<IAccountStore>();
            var existing = await accounts.GetAsync(accountId, ct2);
            var saved = Beds24Account.Connected(existing, accountId, secretName, result.GetValue(properties));
            string? webhookSecret = null;
            if (saved.WebhookSecretName is { } webhookSecretName && await services.GetRequiredService<ISecretStore>().GetSecretAsync(webhookSecretName, ct2) is null)
            {
                webhookSecret = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
                await services.GetRequiredService<ISecretStore>().SetSecretAsync(webhookSecretName, webhookSecret, ct2);
            }

            await accounts.SaveAsync(saved, ct2);
            var details = await services.GetRequiredService<IBeds24ClientFactory>().GetClient(accountId).GetTokenDetailsAsync(ct2);
            Console.WriteLine($"{(existing is null ? "Connected" : "Reconnected")} account '{accountId}' (Beds24 owner {details.OwnerId}); refresh token stored as secret '{secretName}'.");
            Console.WriteLine($"Properties synced: {(saved.PropertyIds.Count == 0 ? "none yet (pass --property)" : string.Join(", ", saved.PropertyIds))}; {(saved.Enabled ? "enabled" : "DISABLED")}.");
            Console.WriteLine($"Scopes: {string.Join(' ', details.Scopes)}");
            if (webhookSecret is not null)
            {
                // Shown once: it is what the hotel's admin pastes into Beds24 (Settings > Properties > Access > Booking webhooks).
                Console.WriteLine($"Webhook: URL <app>/api/integrations/beds24/webhook?account={Uri.EscapeDataString(accountId)}, custom header 'X-Beds24-Secret: {webhookSecret}'");
                Console.WriteLine($"  (this account's own secret, stored as '{saved.WebhookSecretName}'; it opens this account's webhooks only)");
            }
            else if (saved.WebhookSecretName is null)
            {
                Console.WriteLine("Webhook: this account uses the shared webhook secret (registered before secrets were per account).");
            }
            if (details.WhiteListOnly)
            {
                Console.WriteLine($"WARNING: this token only works from whitelisted IPs ({string.Join(", ", details.WhiteList)}); we call from {details.RequestIp}.");
            }

            return 0;
        }, ct));
        return command;
    }

    public static Command Sync(Option<string?> storage, Option<Uri?> beds24Url)
    {
        var account = AccountOption(required: false);
        var command = new Command("sync", "One incremental pull now (all accounts, or one)") { account };
        command.SetAction((result, ct) => RunAsync(result, storage, beds24Url, async (services, ct2) =>
        {
            foreach (var id in await AccountsAsync(services, result.GetValue(account), ct2))
            {
                var pulled = await CliProgress.WhileAsync($"pulling {id}", services.GetRequiredService<IncrementalPullService>().RunAsync(id, ct2));
                Console.WriteLine(pulled.Skipped ? $"{id}: skipped (another run holds the lease)" : $"{id}: {pulled.BookingsSeen} bookings since {pulled.ModifiedFrom:u} ({pulled.Outcomes})");
            }

            return 0;
        }, ct));
        return command;
    }

    public static Command Pull(Option<string?> storage, Option<Uri?> beds24Url)
    {
        var full = new Option<bool>("--full") { Description = "Full reconciliation of every property (otherwise incremental)" };
        var account = AccountOption(required: false);
        var command = new Command("pull", "Pull from Beds24 now: incremental, or --full reconciliation with a report") { full, account };
        command.SetAction(async (result, ct) =>
        {
            if (result.GetValue(full))
            {
                // The nightly orchestration itself (fan-out per property, a failing property reported and alerted, the
                // others reconciled), run to its end on an in-memory engine of this process.
                return await RunAsync(result, storage, beds24Url, DurableEngine.InMemory, async (services, ct2) =>
                {
                    var input = new FullPullInput(services.GetRequiredService<IOptions<WorkflowOptions>>().Value.Retry, result.GetValue(account));
                    var client = services.GetRequiredService<DurableTaskClient>();
                    Console.WriteLine("Reconciling every property" + (input.AccountId is null ? "" : $" of {input.AccountId}") + "…");
                    var id = await client.ScheduleNewOrchestrationInstanceAsync(WorkflowNames.FullPullOrchestrator, input, ct2);
                    var done = await CliProgress.WhileAsync("reconciling", client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, ct2));
                    if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed || done.ReadOutputAs<FullPullSummary>() is not { } summary)
                    {
                        Console.Error.WriteLine($"error: the reconciliation ended {done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
                        return 1;
                    }

                    foreach (var report in summary.Reports)
                    {
                        Console.WriteLine($"{report.AccountId} property {report.Beds24PropertyId}: {report.BookingsInBeds24} in Beds24, {report.Republished} sent to the PMS, {report.Agreed} agreed, " +
                            $"{report.Conflicts} conflicts, {report.DeletedReported} deleted, {report.DeadLettered} dead-lettered in {report.Elapsed.TotalSeconds:F1} s");
                    }

                    foreach (var failure in summary.Failures)
                    {
                        Console.Error.WriteLine($"{failure.AccountId} property {failure.Beds24PropertyId}: FAILED ({failure.Reason})");
                    }

                    Console.WriteLine($"{summary.Reports.Count} properties reconciled, {summary.Failures.Count} failed.");
                    return summary.Failures.Count == 0 ? 0 : 1;
                }, ct);
            }

            return await RunAsync(result, storage, beds24Url, async (services, ct2) =>
            {
                foreach (var id in await AccountsAsync(services, result.GetValue(account), ct2))
                {
                    var pulled = await CliProgress.WhileAsync($"pulling {id}", services.GetRequiredService<IncrementalPullService>().RunAsync(id, ct2));
                    Console.WriteLine(pulled.Skipped ? $"{id}: skipped (another run holds the lease)" : $"{id}: {pulled.BookingsSeen} bookings ({pulled.Outcomes})");
                }

                return 0;
            }, ct);
        });
        return command;
    }

    /// <summary>The CLI reads storage with the operator's own credentials: it has nothing to prove over HTTP.</summary>
    private static readonly OperatorCaller CliOperator = OperatorCaller.Trusted(Environment.UserName);

    public static Command Conflicts(Option<string?> storage, Option<Uri?> beds24Url)
    {
        var status = new Option<string?>("--status") { Description = "open, escalated, resolved (default: all)" };
        var list = new Command("list", "List conflicts") { status };
        list.SetAction((result, ct) => RunAsync(result, storage, beds24Url, async (services, ct2) =>
        {
            var api = await services.GetRequiredService<ConflictsApi>().ListAsync(new ConflictQuery(Status: result.GetValue(status), PageSize: 200), CliOperator, ct2);
            using var doc = JsonDocument.Parse(api.Body);
            foreach (var item in doc.RootElement.GetProperty("items").EnumerateArray())
            {
                Console.WriteLine($"{item.GetProperty("conflictId").GetString(),-50} {item.GetProperty("status").GetString(),-9} {item.GetProperty("type").GetString(),-13} reservation {item.GetProperty("reservationId").GetString()}");
            }

            Console.WriteLine($"{doc.RootElement.GetProperty("total").GetInt32()} conflict(s)");
            return 0;
        }, ct));

        var showId = new Argument<string>("id") { Description = "Conflict id" };
        var show = new Command("show", "Show one conflict with both sides") { showId };
        show.SetAction((result, ct) => RunAsync(result, storage, beds24Url, async (services, ct2) => Print(await services.GetRequiredService<ConflictsApi>().GetAsync(result.GetValue(showId)!, CliOperator, ct2, includeSnapshots: true)), ct));

        var resolveId = new Argument<string>("id") { Description = "Conflict id" };
        var action = new Option<string>("--action") { Description = "accept-pms, accept-beds24 or merge", Required = true };
        action.AcceptOnlyFromAmong(ConflictDecisionActions.AcceptPms, ConflictDecisionActions.AcceptBeds24, ConflictDecisionActions.Merge);
        var by = new Option<string>("--by") { Description = "Who decides (recorded in the audit)", Required = true };
        var fields = new Option<string[]>("--field") { Description = "For merge: field=pms|beds24 (repeat)", AllowMultipleArgumentsPerToken = true };
        var resolve = new Command("resolve", "Decide a conflict (once)") { resolveId, action, by, fields };
        resolve.SetAction((result, ct) => RunAsync(result, storage, beds24Url, async (services, ct2) =>
        {
            var choices = (result.GetValue(fields) ?? []).Select(f => f.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
            var body = JsonSerializer.Serialize(new { action = result.GetValue(action), mergeChoices = choices.Count > 0 ? choices : null, decidedBy = result.GetValue(by) });
            return Print(await services.GetRequiredService<ConflictsApi>().ResolveAsync(result.GetValue(resolveId)!, body, OperatorCaller.Trusted(result.GetValue(by)!.Trim()), ct2));
        }, ct));

        return new Command("conflicts", "List, show and resolve conflicts") { list, show, resolve };
    }

    public static Command DeadLetters(Option<string?> storage, Option<Uri?> beds24Url)
    {
        var all = new Option<bool>("--all") { Description = "Include replayed ones" };
        var list = new Command("list", "List dead letters with their reasons") { all };
        list.SetAction((result, ct) => RunAsync(result, storage, beds24Url, async (services, ct2) =>
        {
            var count = 0;
            await foreach (var record in services.GetRequiredService<IDeadLetterStore>().ListAsync(result.GetValue(all), ct2))
            {
                count++;
                Console.WriteLine($"{record.Message.MessageId}  {record.Message.Source}  {record.Message.Category}  attempts {record.Message.Attempts}  {(record.ReplayedAt is null ? "" : $"replayed {record.ReplayCount}x")}");
                Console.WriteLine($"    {record.Message.Reason}");
            }

            Console.WriteLine($"{count} dead letter(s)");
            return 0;
        }, ct));

        var id = new Argument<string>("id") { Description = "Dead letter (message) id" };
        var replay = new Command("replay", "Put a dead letter back on its queue") { id };
        replay.SetAction((result, ct) => RunAsync(result, storage, beds24Url, async (services, ct2) =>
        {
            await services.GetRequiredService<IDeadLetterStore>().ReplayAsync(result.GetValue(id)!, ct2);
            Console.WriteLine($"Replayed {result.GetValue(id)}.");
            return 0;
        }, ct));
        return new Command("deadletters", "List and replay dead letters") { list, replay };
    }

    public static Command Status(Option<string?> storage, Option<Uri?> beds24Url)
    {
        var from = CliOptions.HttpUrl("--from", "A running host (serve, or the Functions app) to ask: its rolling figures and recent alerts are kept in that process",
            "http://127.0.0.1:7071/");
        var key = new Option<string?>("--key") { Description = "Function key for --from in Azure (sent as x-functions-key)" };
        var command = new Command("status", "Accounts, cursors, credits, queue depths, conflicts, dead letters") { from, key };
        command.SetAction(async (result, ct) =>
        {
            if (result.GetValue(from) is not { } host)
            {
                // This process has just started: what is counted in memory (rolling figures, recent alerts) is the serving host's.
                return await RunAsync(result, storage, beds24Url, async (services, ct2) =>
                {
                    var code = Print(await services.GetRequiredService<StatusEndpoints>().StatusJsonAsync(ct2));
                    Console.Error.WriteLine("note: rolling figures and recent alerts are those of this new process (empty); ask the running host with --from http://127.0.0.1:7071/");
                    return code;
                }, ct);
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(host, "api/integrations/beds24/status"));
            if (result.GetValue(key) is { Length: > 0 } functionKey)
            {
                request.Headers.Add("x-functions-key", functionKey);
            }

            try
            {
                using var response = await http.SendAsync(request, ct);
                return Print(new ApiResult((int)response.StatusCode, ApiResult.Json, await response.Content.ReadAsStringAsync(ct)));
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                Console.Error.WriteLine($"error: {host} did not answer ({ex.Message}); is it running?");
                return 1;
            }
        });
        return command;
    }

    private static Option<string> AccountOption(bool required) => CliOptions.Account(required);

    private static Task<int> RunAsync(ParseResult result, Option<string?> storage, Option<Uri?> beds24Url, Func<IServiceProvider, CancellationToken, Task<int>> work, CancellationToken ct) =>
        RunAsync(result, storage, beds24Url, DurableEngine.None, work, ct);

    /// <param name="engine">A Durable engine for verbs that run an orchestration: the host is started so its worker runs.</param>
    private static async Task<int> RunAsync(ParseResult result, Option<string?> storage, Option<Uri?> beds24Url, DurableEngine engine,
        Func<IServiceProvider, CancellationToken, Task<int>> work, CancellationToken ct)
    {
        try
        {
            var (app, _) = await LocalSystem.BuildAsync([], useSimulator: false, port: 0, simulatorPort: 0, Overrides(result, storage, beds24Url), runBackgroundWork: false, engine);
            await using (app)
            {
                if (engine == DurableEngine.None)
                {
                    return await work(app.Services, ct);
                }

                await app.StartAsync(ct);
                try
                {
                    return await work(app.Services, ct);
                }
                finally
                {
                    await app.StopAsync(CancellationToken.None);
                }
            }
        }
        catch (Exception ex) when (ex is Beds24.Api.Errors.Beds24ApiException or InvalidOperationException or Microsoft.Extensions.Options.OptionsValidationException
                                       or Azure.RequestFailedException or ArgumentException or HttpRequestException or AggregateException or Mapping.MappingException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 1;
        }
    }

    private static int Print(ApiResult result)
    {
        var writer = result.Status < 400 ? Console.Out : Console.Error;
        try
        {
            using var doc = JsonDocument.Parse(result.Body);
            writer.WriteLine(JsonSerializer.Serialize(doc.RootElement, new JsonSerializerOptions { WriteIndented = true }));
        }
        catch (JsonException)
        {
            writer.WriteLine(result.Body);
        }

        return result.Status < 400 ? 0 : 1;
    }

    private static async Task<IReadOnlyList<string>> AccountsAsync(IServiceProvider services, string? only, CancellationToken ct)
    {
        if (only is not null)
        {
            return [only];
        }

        var ids = new List<string>();
        await foreach (var account in services.GetRequiredService<IAccountStore>().ListAsync(ct))
        {
            // As the timers: a disabled account is pulled only when named.
            if (account.Enabled)
            {
                ids.Add(account.AccountId);
            }
        }

        return ids;
    }

    private static Dictionary<string, string?> Overrides(ParseResult result, Option<string?> storage, Option<Uri?> beds24Url)
    {
        var overrides = new Dictionary<string, string?>
        {
            // Secrets written by `connect` live outside the repository.
            ["SecretStore:LocalFile"] = Environment.GetEnvironmentVariable("BEDS24SYNC_SecretStore__LocalFile")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".beds24sync", "secrets.json"),
        };
        if (result.GetValue(storage) is { } connection)
        {
            overrides["Storage:ConnectionString"] = connection;
        }

        if (result.GetValue(beds24Url) is { } url)
        {
            overrides["Beds24:BaseAddress"] = url.ToString();
        }

        return overrides;
    }
}
