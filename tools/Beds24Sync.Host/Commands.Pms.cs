using System.CommandLine;
using Azure.Storage.Queues.Models;
using Beds24Sync.Accounts;
using Beds24Sync.Contracts;
using Beds24Sync.Queues;
using Beds24Sync.Storage;
using Beds24Sync.Validation;

namespace Beds24Sync.Host;

/// <summary>The PMS's side, for the demo and for checking a deployment: put a message on a push queue, watch pms-inbound.</summary>
internal static partial class Commands
{
    public static Command Send(Option<string?> storage, Option<Uri?> beds24Url)
    {
        var kind = new Argument<string>("kind") { Description = "booking (beds24-push-bookings) or calendar (beds24-push-calendar)" };
        kind.AcceptOnlyFromAmong(PmsMessageFile.Booking, PmsMessageFile.Calendar);
        var file = new Argument<FileInfo>("file") { Description = "The message as JSON (docs/contracts/examples work as they are); - reads standard input" };
        var account = new Option<string?>("--account") { Description = "Send it for this account instead of the file's accountId (the demo's is 'demo')" };
        var command = new Command("send", "Validate a PMS message against its contract and put it on its queue, as the PMS does") { kind, file, account };
        command.SetAction((result, ct) => RunAsync(result, storage, beds24Url, async (services, ct2) =>
        {
            var path = result.GetValue(file)!;
            string text;
            if (path.Name == "-")
            {
                text = await Console.In.ReadToEndAsync(ct2);
            }
            else if (!path.Exists)
            {
                Console.Error.WriteLine($"error: no file {path.FullName}");
                return 2;
            }
            else
            {
                text = await File.ReadAllTextAsync(path.FullName, ct2);
            }

            var which = result.GetValue(kind)!;
            var (json, errors) = PmsMessageFile.Prepare(services.GetRequiredService<ContractValidator>(), which, text, result.GetValue(account));
            if (json is null)
            {
                Console.Error.WriteLine($"error: the {which} message does not match its contract (docs/contracts); nothing was queued:");
                foreach (var error in errors)
                {
                    Console.Error.WriteLine($"  {error}");
                }

                return 1;
            }

            var accountId = System.Text.Json.Nodes.JsonNode.Parse(json)!["accountId"]!.GetValue<string>();
            if (await services.GetRequiredService<IAccountStore>().GetAsync(accountId, ct2) is null)
            {
                // Queued anyway would end as a 'mapping' dead letter: say so now.
                Console.Error.WriteLine($"error: account '{accountId}' is not registered in this storage (connect it, or pass --account); nothing was queued.");
                return 1;
            }

            var queue = PmsMessageFile.QueueOf(which);
            await services.GetRequiredService<IQueuePublisher>().SendRawAsync(queue, json, cancellationToken: ct2);
            Console.WriteLine($"queued on {queue} for account '{accountId}'. Watch it arrive: status, or inbound tail for what comes back.");
            return 0;
        }, ct));
        return command;
    }

    public static Command Inbound(Option<string?> storage, Option<Uri?> beds24Url)
    {
        var take = new Option<bool>("--take") { Description = "Take each message off pms-inbound, as the PMS would (default: only look)" };
        var once = new Option<bool>("--once") { Description = "Print what is there now and stop" };
        var json = new Option<bool>("--json") { Description = "Print each message whole" };
        var tail = new Command("tail", "Print BookingChanged messages on pms-inbound as they arrive (Ctrl+C stops)") { take, once, json };
        tail.SetAction((result, ct) => RunAsync(result, storage, beds24Url, async (services, ct2) =>
        {
            var queue = services.GetRequiredService<StorageClients>().Queue(StorageNames.Queues.PmsInbound);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            try
            {
                while (!ct2.IsCancellationRequested)
                {
                    // Looking only: a peek sees the first 32 waiting messages; --take walks the whole queue.
                    IReadOnlyList<(string Id, string Body, string? Receipt)> batch = result.GetValue(take)
                        ? [.. ((QueueMessage[])await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1), ct2)).Select(m => (m.MessageId, m.Body.ToString(), (string?)m.PopReceipt))]
                        : [.. ((PeekedMessage[])await queue.PeekMessagesAsync(32, ct2)).Select(m => (m.MessageId, m.Body.ToString(), (string?)null))];
                    foreach (var (id, body, receipt) in batch.Where(m => seen.Add(m.Id)))
                    {
                        Console.WriteLine(result.GetValue(json) ? body : Describe(body));
                        if (receipt is not null)
                        {
                            await queue.DeleteMessageAsync(id, receipt, ct2);
                        }
                    }

                    if (result.GetValue(once) && batch.Count < 32)
                    {
                        return 0;
                    }

                    await Task.Delay(TimeSpan.FromSeconds(batch.Count == 0 ? 1 : 0.1), ct2);
                }
            }
            catch (OperationCanceledException) when (ct2.IsCancellationRequested)
            {
            }

            return 0;
        }, ct));
        return new Command("inbound", "What reaches the PMS (pms-inbound)") { tail };
    }

    private static string Describe(string body)
    {
        try
        {
            var m = SyncJson.Deserialize<BookingChangedMessage>(body)!;
            var r = m.Reservation;
            return $"{m.PublishedAt:u} {m.ChangeType,-9} {m.AccountId} booking {m.Beds24BookingId} → reservation {r.ReservationId} {r.Status} {r.Arrival:yyyy-MM-dd}..{r.Departure:yyyy-MM-dd}"
                + (r.Channel is { Length: > 0 } channel ? $" via {channel}" : "") + (m.ChannelReference is { Length: > 0 } reference ? $" ({reference})" : "");
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or NullReferenceException or NotSupportedException)
        {
            return $"(not a BookingChanged message) {body}";
        }
    }
}
