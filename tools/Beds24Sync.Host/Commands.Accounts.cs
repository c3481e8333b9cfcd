using System.CommandLine;
using Beds24.Api;
using Beds24.Api.Models;
using Beds24Sync.Accounts;
using Beds24Sync.Mapping;
using Beds24Sync.Webhooks;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Host;

/// <summary>Accounts and mappings without raw table edits: what is synced, switched on or off, and mapped to what.</summary>
internal static partial class Commands
{
    public static Command Accounts(Option<string?> storage, Option<Uri?> beds24Url)
    {
        var list = new Command("list", "Every registered account: enabled, properties, which webhook secret it accepts");
        list.SetAction((result, ct) => RunAsync(result, storage, beds24Url, async (services, ct2) =>
        {
            var count = 0;
            await foreach (var a in services.GetRequiredService<IAccountStore>().ListAsync(ct2))
            {
                count++;
                Console.WriteLine($"{a.AccountId,-30} {(a.Enabled ? "enabled " : "DISABLED")} properties {(a.PropertyIds.Count == 0 ? "none" : string.Join(",", a.PropertyIds)),-20} " +
                    $"webhook secret {a.WebhookSecretName ?? "(shared)"}{(a.DisplayName is { Length: > 0 } name ? $"  \"{name}\"" : "")}");
            }

            Console.WriteLine($"{count} account(s)");
            return 0;
        }, ct));

        var show = new Command("show", "One account row (secret names only, never secrets)") { AccountArgument() };
        show.SetAction((result, ct) => RunOnAccountAsync(result, storage, beds24Url, (_, _, account, _) =>
        {
            Console.WriteLine(Contracts.SyncJson.Serialize(account));
            return Task.FromResult(0);
        }, ct));

        return new Command("accounts", "List, show, enable, disable or remove the Beds24 accounts this app syncs")
        {
            list, show, Switch(storage, beds24Url, enable: true), Switch(storage, beds24Url, enable: false), Remove(storage, beds24Url), WebhookSecret(storage, beds24Url),
        };
    }

    /// <summary>
    /// Gives an account its own webhook secret (it then opens that account's webhooks only), or with --rotate a new
    /// value for it. The value is printed once, for the hotel's admin to paste into Beds24's webhook header.
    /// </summary>
    private static Command WebhookSecret(Option<string?> storage, Option<Uri?> beds24Url)
    {
        var rotate = new Option<bool>("--rotate") { Description = "Replace the account's own secret with a new value" };
        var command = new Command("webhook-secret", "Move an account from the shared webhook secret to its own, or --rotate its own") { AccountArgument(), rotate };
        command.SetAction((result, ct) => RunOnAccountAsync(result, storage, beds24Url, async (services, accounts, account, ct2) =>
        {
            var id = account.AccountId;
            if (account.WebhookSecretName is { } own && !result.GetValue(rotate))
            {
                Console.WriteLine($"Account '{id}' already has its own webhook secret '{own}'; pass --rotate for a new value.");
                return 0;
            }

            var name = account.WebhookSecretName ?? Secrets.SecretNames.WebhookSecret(id);
            var value = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
            await services.GetRequiredService<Secrets.ISecretStore>().SetSecretAsync(name, value, ct2);
            if (account.WebhookSecretName is null)
            {
                await accounts.SaveAsync(account with { WebhookSecretName = name }, ct2);
            }

            var header = services.GetRequiredService<IOptions<WebhookOptions>>().Value.SecretHeaderName;
            // Shown once: it is what the hotel's admin pastes into Beds24 (Settings > Properties > Access > Booking webhooks).
            Console.WriteLine($"Account '{id}' now accepts webhooks with its own secret '{name}' only. In Beds24, set the custom header '{header}: {value}'.");
            Console.WriteLine("Until Beds24 sends the new value (and the caches expire, about 10 minutes), its webhooks get 401; Beds24 redelivers and the 5-minute pull catches up.");
            return 0;
        }, ct));
        return command;
    }

    /// <summary>
    /// Forgets an account: only a disabled one (so a live account is never removed by a slip), only with --yes.
    /// Its booking links, mappings, conflicts and dead letters stay (history, and a re-connect resumes them); its
    /// secrets stay unless Beds24 is told to revoke the refresh token (--revoke), and their names are printed.
    /// </summary>
    private static Command Remove(Option<string?> storage, Option<Uri?> beds24Url)
    {
        var yes = new Option<bool>("--yes") { Description = "Confirm the removal" };
        var revoke = new Option<bool>("--revoke") { Description = "Also revoke the refresh token at Beds24 (the invite code must be redone to connect again)" };
        var command = new Command("remove", "Forget a disabled account (its history stays; secrets are listed for deletion)") { AccountArgument(), yes, revoke };
        command.SetAction((result, ct) => RunOnAccountAsync(result, storage, beds24Url, async (services, accounts, account, ct2) =>
        {
            var id = account.AccountId;
            if (account.Enabled)
            {
                Console.Error.WriteLine($"error: account '{id}' is enabled; disable it first (accounts disable {id}), then remove it.");
                return 2;
            }

            if (!result.GetValue(yes))
            {
                Console.Error.WriteLine($"error: removing account '{id}' needs --yes.");
                return 2;
            }

            if (result.GetValue(revoke))
            {
                await services.GetRequiredService<IBeds24ClientFactory>().RevokeRefreshTokenAsync(id, ct2);
                Console.WriteLine($"Revoked the refresh token of '{id}' at Beds24.");
            }

            await accounts.DeleteAsync(id, ct2);
            var secrets = new[] { account.RefreshTokenSecretName, account.WebhookSecretName }.Where(n => !string.IsNullOrEmpty(n)).ToList();
            Console.WriteLine($"Removed account '{id}'. Its booking links, mappings, conflicts and dead letters stay." +
                (secrets.Count == 0 ? "" : $" Delete its secrets when you no longer need them: {string.Join(", ", secrets)} (Key Vault: az keyvault secret delete --vault-name <vault> --name <secret>)."));
            return 0;
        }, ct));
        return command;
    }

    /// <summary>Runs a verb on the account its argument names, or says there is none (exit 1).</summary>
    private static Task<int> RunOnAccountAsync(ParseResult result, Option<string?> storage, Option<Uri?> beds24Url,
        Func<IServiceProvider, IAccountStore, Beds24Account, CancellationToken, Task<int>> work, CancellationToken ct) =>
        RunAsync(result, storage, beds24Url, async (services, ct2) =>
        {
            var id = result.GetValue<string>("account")!;
            var accounts = services.GetRequiredService<IAccountStore>();
            if (await accounts.GetAsync(id, ct2) is not { } account)
            {
                Console.Error.WriteLine($"error: no account '{id}'");
                return 1;
            }

            return await work(services, accounts, account, ct2);
        }, ct);

    private static Argument<string> AccountArgument()
    {
        var argument = new Argument<string>("account") { Description = "Account id" };
        argument.Validators.Add(r =>
        {
            if (r.Tokens.Count == 1 && !AccountIds.IsValid(r.Tokens[0].Value))
            {
                r.AddError($"'{r.Tokens[0].Value}' is not a valid account id ({AccountIds.Rule}).");
            }
        });
        return argument;
    }

    /// <summary>Disabled: no scheduled pulls, webhooks answered 403; nothing is deleted, enabling resumes from the cursor.</summary>
    private static Command Switch(Option<string?> storage, Option<Uri?> beds24Url, bool enable)
    {
        var command = new Command(enable ? "enable" : "disable", enable ? "Sync the account again" : "Stop syncing the account (its data stays)") { AccountArgument() };
        command.SetAction((result, ct) => RunOnAccountAsync(result, storage, beds24Url, async (services, accounts, account, ct2) =>
        {
            var id = account.AccountId;
            await accounts.SaveAsync(account with { Enabled = enable }, ct2);
            Console.WriteLine($"Account '{id}' {(enable ? "enabled" : "disabled")}{(enable ? "" : ": no scheduled pulls, its webhooks answered 403 (within the cache time, 5 minutes); PMS messages for it are still pushed")}.");
            return 0;
        }, ct));
        return command;
    }

    public static Command Mappings(Option<string?> storage, Option<Uri?> beds24Url)
    {
        var account = AccountOption(required: true);

        var list = new Command("list", "The account's property and room mappings") { account };
        list.SetAction((result, ct) => RunAsync(result, storage, beds24Url, async (services, ct2) =>
        {
            var store = services.GetRequiredService<IMappingStore>();
            var id = result.GetValue(account)!;
            var (properties, rooms) = (0, 0);
            await foreach (var p in store.ListPropertiesAsync(id, ct2))
            {
                properties++;
                Console.WriteLine($"PMS property {p.PmsPropertyId,-20} → Beds24 property {p.Beds24PropertyId} ({p.CountryCode ?? "no country"}, {p.Currency ?? "no currency"}, rules {p.ConflictRules ?? "default"})");
            }

            await foreach (var r in store.ListRoomsAsync(id, ct2))
            {
                rooms++;
                var slots = r.PriceSlots.Count == 0 ? "no rate plans" : string.Join(" ", r.PriceSlots.Select(kv => $"{kv.Key}=price{kv.Value}"));
                Console.WriteLine($"PMS room type {r.PmsPropertyId + "/" + r.PmsRoomTypeId,-20} → Beds24 room {r.Beds24RoomId} (property {r.Beds24PropertyId}; {slots})");
            }

            Console.WriteLine($"{properties} property and {rooms} room mapping(s) in account '{id}'");
            return 0;
        }, ct));

        var beds24 = new Command("beds24", "Beds24's properties and rooms of the account, read from the API, to map to, and each property's booking webhook setting") { account };
        beds24.SetAction((result, ct) => RunAsync(result, storage, beds24Url, async (services, ct2) =>
        {
            await foreach (var p in services.GetRequiredService<IBeds24ClientFactory>().GetClient(result.GetValue(account)!).GetPropertiesAsync(new PropertyQuery(), ct2))
            {
                Console.WriteLine($"property {p.Id} \"{p.Name}\" {p.Country} {p.Currency}");
                foreach (var line in BookingWebhookReport.Describe(p.Webhooks, services.GetRequiredService<IOptions<WebhookOptions>>().Value.UrlKeyParameter))
                {
                    Console.WriteLine("  " + line);
                }

                foreach (var room in p.RoomTypes)
                {
                    Console.WriteLine($"  room {room.Id} \"{room.Name}\"");
                }
            }

            return 0;
        }, ct));

        var pmsProperty = new Option<string>("--pms-property") { Description = "The PMS's property id", Required = true };
        var beds24Property = new Option<long>("--beds24-property") { Description = "Beds24 property id (see: mappings beds24)", Required = true };
        var country = new Option<string?>("--country") { Description = "ISO country code for phone numbers, e.g. GB" };
        var currency = new Option<string?>("--currency") { Description = "ISO currency, e.g. EUR" };
        var addProperty = new Command("add-property", "Map a PMS property to a Beds24 property (replaces an existing mapping of it)") { account, pmsProperty, beds24Property, country, currency };
        addProperty.SetAction((result, ct) => RunAsync(result, storage, beds24Url, async (services, ct2) =>
        {
            var mapping = new PropertyMapping
            {
                AccountId = result.GetValue(account)!,
                PmsPropertyId = result.GetValue(pmsProperty)!,
                Beds24PropertyId = result.GetValue(beds24Property),
                CountryCode = result.GetValue(country),
                Currency = result.GetValue(currency),
            };
            await services.GetRequiredService<IMappingStore>().SavePropertyAsync(mapping, ct2);
            Console.WriteLine($"Mapped PMS property {mapping.PmsPropertyId} → Beds24 property {mapping.Beds24PropertyId} for account '{mapping.AccountId}'.");
            return 0;
        }, ct));

        var roomType = new Option<string>("--pms-room-type") { Description = "The PMS's room type id", Required = true };
        var beds24Room = new Option<long>("--beds24-room") { Description = "Beds24 room id (see: mappings beds24)", Required = true };
        var slots = new Option<string[]>("--price-slot") { Description = "ratePlan=slot (1-16), repeat for several, e.g. BAR=1", AllowMultipleArgumentsPerToken = true };
        var addRoom = new Command("add-room", "Map a PMS room type to a Beds24 room") { account, pmsProperty, roomType, beds24Property, beds24Room, slots };
        addRoom.SetAction((result, ct) => RunAsync(result, storage, beds24Url, async (services, ct2) =>
        {
            var priceSlots = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var pair in result.GetValue(slots) ?? [])
            {
                var parts = pair.Split('=', 2);
                if (parts.Length != 2 || parts[0].Length == 0 || !int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var slot) || slot is < 1 or > 16)
                {
                    Console.Error.WriteLine($"error: --price-slot '{pair}' must be ratePlan=slot with a slot from 1 to 16");
                    return 2;
                }

                priceSlots[parts[0]] = slot;
            }

            var mapping = new RoomMapping
            {
                AccountId = result.GetValue(account)!,
                PmsPropertyId = result.GetValue(pmsProperty)!,
                PmsRoomTypeId = result.GetValue(roomType)!,
                Beds24PropertyId = result.GetValue(beds24Property),
                Beds24RoomId = result.GetValue(beds24Room),
                PriceSlots = priceSlots,
            };
            await services.GetRequiredService<IMappingStore>().SaveRoomAsync(mapping, ct2);
            Console.WriteLine($"Mapped PMS room type {mapping.PmsPropertyId}/{mapping.PmsRoomTypeId} → Beds24 room {mapping.Beds24RoomId}.");
            return 0;
        }, ct));

        return new Command("mappings", "Property and room mappings, and Beds24's own ids to map to") { list, beds24, addProperty, addRoom, Import(storage, beds24Url) };
    }

    private static Command Import(Option<string?> storage, Option<Uri?> beds24Url)
    {
        var account = AccountOption(required: true);
        var file = new Argument<FileInfo>("file") { Description = "JSON: { \"properties\": [...], \"rooms\": [...] } (docs/SETUP.md §5)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check the file (and with --verify, against Beds24) without saving" };
        var verify = new Option<bool>("--verify") { Description = "Check every Beds24 property and room id against the account's properties read from Beds24" };
        var command = new Command("import", "Map many properties, room types and rate plans from a file, checked as a whole first") { account, file, dryRun, verify };
        command.SetAction((result, ct) => RunAsync(result, storage, beds24Url, async (services, ct2) =>
        {
            var path = result.GetValue(file)!;
            if (!path.Exists)
            {
                Console.Error.WriteLine($"error: no file {path.FullName}");
                return 2;
            }

            var (import, parseError) = MappingImport.Parse(await File.ReadAllTextAsync(path.FullName, ct2));
            if (import is null)
            {
                Console.Error.WriteLine($"error: {parseError}");
                return 2;
            }

            var id = result.GetValue(account)!;
            var store = services.GetRequiredService<IMappingStore>();
            var (properties, rooms, errors) = await import.PlanAsync(id, store, ct2);
            if (errors.Count == 0 && result.GetValue(verify))
            {
                errors = await VerifyAgainstBeds24Async(services.GetRequiredService<IBeds24ClientFactory>().GetClient(id), properties, rooms, id, ct2);
            }

            if (errors.Count > 0)
            {
                foreach (var error in errors)
                {
                    Console.Error.WriteLine($"error: {error}");
                }

                Console.Error.WriteLine($"Nothing was saved ({errors.Count} problem(s)).");
                return 2;
            }

            if (result.GetValue(dryRun))
            {
                Console.WriteLine($"The file is fine: {properties.Count} property and {rooms.Count} room mapping(s) would be saved (dry run).");
                return 0;
            }

            foreach (var p in properties)
            {
                await store.SavePropertyAsync(p, ct2);
            }

            foreach (var r in rooms)
            {
                await store.SaveRoomAsync(r, ct2);
            }

            Console.WriteLine($"Saved {properties.Count} property and {rooms.Count} room mapping(s) for account '{id}'.");
            return 0;
        }, ct));
        return command;
    }

    /// <summary>Every Beds24 id in the plan is a property (and a room of that property) the account's token can see.</summary>
    private static async Task<IReadOnlyList<string>> VerifyAgainstBeds24Async(IBeds24Client client, IReadOnlyList<PropertyMapping> properties, IReadOnlyList<RoomMapping> rooms,
        string accountId, CancellationToken cancellationToken)
    {
        var known = new Dictionary<long, HashSet<long>>();
        await foreach (var p in client.GetPropertiesAsync(new PropertyQuery(), cancellationToken))
        {
            known[p.Id] = [.. p.RoomTypes.Select(r => r.Id)];
        }

        var errors = new List<string>();
        foreach (var p in properties.Where(p => !known.ContainsKey(p.Beds24PropertyId)))
        {
            errors.Add($"Beds24 property {p.Beds24PropertyId} (for PMS property '{p.PmsPropertyId}') is not one of account '{accountId}''s properties: {string.Join(", ", known.Keys)}.");
        }

        foreach (var r in rooms.Where(r => !known.TryGetValue(r.Beds24PropertyId, out var ids) || !ids.Contains(r.Beds24RoomId)))
        {
            errors.Add($"Beds24 room {r.Beds24RoomId} (for PMS room type '{r.PmsPropertyId}/{r.PmsRoomTypeId}') is not a room of Beds24 property {r.Beds24PropertyId} (see: mappings beds24 --account {accountId}).");
        }

        return errors;
    }
}
