using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Beds24Sync.Alerts;
using Beds24Sync.Contracts;
using Beds24Sync.Queues;
using Beds24Sync.Storage;
using Microsoft.Extensions.Logging;

namespace Beds24Sync.DeadLetters;

/// <summary>
/// Dead letters go to the <c>DeadLetters</c> table (queryable, replayable) and the <c>beds24-deadletter</c> queue
/// (for whoever consumes it), and raise an alert. The table write comes first: it is the record of truth.
/// </summary>
public sealed partial class TableDeadLetterStore(StorageClients clients, IQueuePublisher queues, Calendar.CalendarPendingStore calendar, IAlertNotifier alerts, TimeProvider time,
    ILogger<TableDeadLetterStore> logger) : IDeadLetterStore
{
    private const string Partition = "deadletter";

    private TableClient Table => clients.Table(StorageNames.Tables.DeadLetters);

    public async Task AddAsync(DeadLetterMessage deadLetter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deadLetter);
        var key = TableKey.Encode(deadLetter.MessageId);
        // The same message dead-lettered again (a redelivery, or a replay that failed again) stays one record:
        // it is unreplayed again, and keeps how often it was replayed. A different message that reuses the id (the
        // PMS's ids are not ours to trust) gets a record of its own, named by its content, instead of overwriting.
        var previous = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, key, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (previous.HasValue && !SameMessage(ToRecord(previous.Value!).Message, deadLetter))
        {
            var content = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(deadLetter.Source + "\n" + deadLetter.OriginalMessage));
            deadLetter = deadLetter with { MessageId = $"{deadLetter.MessageId}~{Convert.ToHexStringLower(content, 0, 6)}" };
            key = TableKey.Encode(deadLetter.MessageId);
            previous = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, key, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var row = new TableEntity(Partition, key)
        {
            ["Source"] = deadLetter.Source,
            ["Category"] = deadLetter.Category,
            ["ReplayCount"] = previous.HasValue ? previous.Value!.GetInt32("ReplayCount") ?? 0 : 0,
        };
        LargeText.Write(row, "Json", SyncJson.Serialize(deadLetter));
        await Table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        await queues.SendAsync(StorageNames.Queues.DeadLetter, ForQueue(deadLetter), cancellationToken: cancellationToken).ConfigureAwait(false);
        LogDeadLettered(logger, deadLetter.MessageId, deadLetter.Source, deadLetter.Category, deadLetter.Reason);
        await alerts.NotifyAsync(new AlertEvent("dead-letter", "warning",
            $"A message from {deadLetter.Source} was dead-lettered ({deadLetter.Category}): {deadLetter.Reason}", time.GetUtcNow(), deadLetter.AccountId),
            cancellationToken).ConfigureAwait(false);
    }

    private static bool SameMessage(DeadLetterMessage stored, DeadLetterMessage incoming) =>
        stored.Source == incoming.Source && stored.OriginalMessage == incoming.OriginalMessage;

    public async IAsyncEnumerable<DeadLetterRecord> ListAsync(bool includeReplayed, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in Table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var record = ToRecord(row);
            if (includeReplayed || record.ReplayedAt is null)
            {
                yield return record;
            }
        }
    }

    public async Task<int> CountUnreplayedAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var row in Table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, select: ["ReplayedAt"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.GetDateTimeOffset("ReplayedAt") is null)
            {
                count++;
            }
        }

        return count;
    }

    public async Task<DeadLetterRecord?> GetAsync(string messageId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, TableKey.Encode(messageId), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? ToRecord(row.Value!) : null;
    }

    public async Task ReplayAsync(string messageId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, TableKey.Encode(messageId), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!row.HasValue)
        {
            throw new InvalidOperationException($"No dead letter with id '{messageId}'.");
        }

        var record = ToRecord(row.Value!);
        if (record.Message.Source == Calendar.CalendarFlushService.DeadLetterSource)
        {
            // Refused calendar values are kept in CalendarPending: replaying a room's dead letter makes them unsent and
            // the next flush sends them. A flush that gave up (no room named) left its cells unsent: nothing to undo.
            if (record.Message.AccountId is { } account && record.Message.Subject is { } subject && subject.StartsWith("room ", StringComparison.Ordinal)
                && long.TryParse(subject.AsSpan(5), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var roomId))
            {
                await calendar.RetryRefusedAsync(account, roomId, cancellationToken).ConfigureAwait(false);
            }
        }
        else if (!StorageNames.Queues.All.Contains(record.Message.Source))
        {
            throw new InvalidOperationException($"Dead letter '{messageId}' came from '{record.Message.Source}', which is not a queue; it cannot be replayed.");
        }
        else
        {
            await queues.SendRawAsync(record.Message.Source, record.Message.OriginalMessage, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var entity = row.Value!;
        entity["ReplayedAt"] = time.GetUtcNow();
        entity["ReplayCount"] = record.ReplayCount + 1;
        await Table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The queue copy must fit a queue message; the table keeps the whole original either way.</summary>
    private static DeadLetterMessage ForQueue(DeadLetterMessage deadLetter) =>
        SyncJson.Serialize(deadLetter).Length <= AzureQueuePublisher.MaxMessageChars
            ? deadLetter
            : deadLetter with
            {
                OriginalMessage = $"(original message of {deadLetter.OriginalMessage.Length} characters is too large for a queue message; it is kept whole in the {StorageNames.Tables.DeadLetters} table)",
                Reason = deadLetter.Reason.Length > 4000 ? deadLetter.Reason[..4000] + "…" : deadLetter.Reason,
            };

    private static DeadLetterRecord ToRecord(TableEntity row) => new(
        SyncJson.Deserialize<DeadLetterMessage>(LargeText.Read(row, "Json") ?? "null") ?? throw new InvalidOperationException($"Dead letter {row.RowKey} is unreadable."),
        row.GetDateTimeOffset("ReplayedAt"),
        row.GetInt32("ReplayCount") ?? 0);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead-lettered message {MessageId} from {Source} ({Category}): {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, string messageId, string source, string category, string reason);
}
