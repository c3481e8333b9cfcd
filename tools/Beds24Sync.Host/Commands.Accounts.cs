using System.CommandLine;
using Beds24.Api;
using Beds24.Api.Models;
using Beds24Sync.Accounts;
using Beds24Sync.Mapping;

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
        show.SetAction((result, ct) => RunAsync(result, storage, beds24Url, async (services, ct2) =>
        {
            var id = result.GetValue<string>("account")!;
            if (await services.GetRequiredService<IAccountStore>().GetAsync(id, ct2) is not { } account)
            {
                Console.Error.WriteLine($"error: no account '{id}'");
                return 1;
            }

            Console.WriteLine(Contracts.SyncJson.Serialize(account));
            return 0;
        }, ct));

        return new Command("accounts", "List, show, enable or disable the Beds24 accounts this app syncs")
        {
            list, show, Switch(storage, beds24Url, enable: true), Switch(storage, beds24Url, enable: false),
        };
    }

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
        command.SetAction((result, ct) => RunAsync(result, storage, beds24Url, async (services, ct2) =>
        {
            var id = result.GetValue<string>("account")!;
            var accounts = services.GetRequiredService<IAccountStore>();
            if (await accounts.GetAsync(id, ct2) is not { } account)
            {
                Console.Error.WriteLine($"error: no account '{id}'");
                return 1;
            }

            await accounts.SaveAsync(account with { Enabled = enable }, ct2);
            Console.WriteLine($"Account '{id}' {(enable ? "enabled" : "disabled")}{(enable ? "" : ": no scheduled pulls, its webhooks answered 403 (within the cache time, 5 minutes); PMS messages for it are still pushed")}.");
            return 0;
        }, ct));
        return command;
    }

    public static Command Mappings(Option<string?> storage, Option<Uri?> beds24Url)
    {
        var account = AccountOption(required: true);

        var list = new Command("list", "The account's property mappings") { account };
        list.SetAction((result, ct) => RunAsync(result, storage, beds24Url, async (services, ct2) =>
        {
            await foreach (var p in services.GetRequiredService<IMappingStore>().ListPropertiesAsync(result.GetValue(account)!, ct2))
            {
                Console.WriteLine($"PMS property {p.PmsPropertyId,-20} → Beds24 property {p.Beds24PropertyId} ({p.CountryCode ?? "no country"}, {p.Currency ?? "no currency"}, rules {p.ConflictRules ?? "default"})");
            }

            return 0;
        }, ct));

        var beds24 = new Command("beds24", "Beds24's properties and rooms of the account, read from the API, to map to") { account };
        beds24.SetAction((result, ct) => RunAsync(result, storage, beds24Url, async (services, ct2) =>
        {
            await foreach (var p in services.GetRequiredService<IBeds24ClientFactory>().GetClient(result.GetValue(account)!).GetPropertiesAsync(new PropertyQuery(), ct2))
            {
                Console.WriteLine($"property {p.Id} \"{p.Name}\" {p.Country} {p.Currency}");
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

        return new Command("mappings", "Property and room mappings, and Beds24's own ids to map to") { list, beds24, addProperty, addRoom };
    }
}
