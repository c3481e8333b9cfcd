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
public sealed partial class TableDeadLetterStore(StorageClients clients, IQueuePublisher queues, IAlertNotifier alerts, TimeProvider time,
    ILogger<TableDeadLetterStore> logger) : IDeadLetterStore
{
    private const string Partition = "deadletter";

    private TableClient Table => clients.Table(StorageNames.Tables.DeadLetters);

    public async Task AddAsync(DeadLetterMessage deadLetter, CancellationToken cancellationToken)
    {
        var row = new TableEntity(Partition, TableKey.Encode(deadLetter.MessageId))
        {
            ["Json"] = SyncJson.Serialize(deadLetter),
            ["Source"] = deadLetter.Source,
            ["Category"] = deadLetter.Category,
            ["ReplayCount"] = 0,
        };
        // Upsert: the same message dead-lettered twice (a redelivery) stays one record.
        await Table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        await queues.SendAsync(StorageNames.Queues.DeadLetter, deadLetter, cancellationToken: cancellationToken).ConfigureAwait(false);
        LogDeadLettered(logger, deadLetter.MessageId, deadLetter.Source, deadLetter.Category, deadLetter.Reason);
        await alerts.NotifyAsync(new AlertEvent("dead-letter", "warning",
            $"A message from {deadLetter.Source} was dead-lettered ({deadLetter.Category}): {deadLetter.Reason}", time.GetUtcNow(), deadLetter.AccountId),
            cancellationToken).ConfigureAwait(false);
    }

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
        if (!StorageNames.Queues.All.Contains(record.Message.Source))
        {
            throw new InvalidOperationException($"Dead letter '{messageId}' came from '{record.Message.Source}', which is not a queue; it cannot be replayed.");
        }

        await queues.SendRawAsync(record.Message.Source, record.Message.OriginalMessage, cancellationToken: cancellationToken).ConfigureAwait(false);
        var entity = row.Value!;
        entity["ReplayedAt"] = time.GetUtcNow();
        entity["ReplayCount"] = record.ReplayCount + 1;
        await Table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    private static DeadLetterRecord ToRecord(TableEntity row) => new(
        SyncJson.Deserialize<DeadLetterMessage>(row.GetString("Json")) ?? throw new InvalidOperationException($"Dead letter {row.RowKey} is unreadable."),
        row.GetDateTimeOffset("ReplayedAt"),
        row.GetInt32("ReplayCount") ?? 0);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead-lettered message {MessageId} from {Source} ({Category}): {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, string messageId, string source, string category, string reason);
}
