using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Beds24Sync.Contracts;
using Beds24Sync.Storage;

namespace Beds24Sync.Calendar;

/// <summary>
/// CalendarPending: one row per account/room/date holding each field's newest value, version and sent flag.
/// Rows stay after sending, so a late, older message can still be recognised as older and dropped.
/// </summary>
public sealed class CalendarPendingStore(StorageClients clients)
{
    private TableClient Table => clients.Table(StorageNames.Tables.CalendarPending);

    /// <summary>Merge cells (newer version per field wins). Returns how many fields changed.</summary>
    public async Task<int> MergeAsync(string accountId, IReadOnlyList<CalendarCell> cells, CancellationToken cancellationToken)
    {
        var changed = 0;
        foreach (var roomDay in cells.GroupBy(c => (c.RoomId, c.Date)))
        {
            for (var attempt = 0; ; attempt++)
            {
                var row = await ReadAsync(accountId, roomDay.Key.RoomId, roomDay.Key.Date, cancellationToken).ConfigureAwait(false);
                var fields = row?.Fields ?? [];
                var rowChanged = 0;
                foreach (var cell in roomDay)
                {
                    // A refused value replayed at its own version is taken again; otherwise only newer versions count.
                    if (!fields.TryGetValue(cell.Field, out var existing) || cell.Version > existing.Version || (cell.Version == existing.Version && existing.Refused))
                    {
                        fields[cell.Field] = new StoredCellValue(cell.Value, cell.Version, Sent: false);
                        rowChanged++;
                    }
                }

                if (rowChanged == 0)
                {
                    break;
                }

                try
                {
                    await WriteAsync(accountId, roomDay.Key.RoomId, roomDay.Key.Date, fields, row?.ETag, cancellationToken).ConfigureAwait(false);
                    changed += rowChanged;
                    break;
                }
                catch (RequestFailedException ex) when (TableErrors.IsConcurrencyConflict(ex) && attempt < 10)
                {
                }
            }
        }

        return changed;
    }

    /// <summary>Every field of the account not yet sent to Beds24, with each row's ETag for <see cref="MarkSentAsync"/>.</summary>
    public async Task<IReadOnlyList<PendingRow>> ReadUnsentAsync(string accountId, CancellationToken cancellationToken)
    {
        var rows = new List<PendingRow>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKey.Encode(accountId)} and Unsent gt {0}");
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(ToRow(entity));
        }

        return rows;
    }

    /// <summary>Mark the sent fields (those still at the version that was sent); a field changed meanwhile stays unsent.</summary>
    public Task MarkSentAsync(string accountId, IReadOnlyList<PendingRow> sent, CancellationToken cancellationToken) =>
        MarkAsync(accountId, sent, value => value with { Sent = true, Refused = false }, cancellationToken);

    /// <summary>Mark the fields Beds24 refused (at the version sent): kept, but not sent again until replayed or replaced.</summary>
    public Task MarkRefusedAsync(string accountId, IReadOnlyList<PendingRow> refused, CancellationToken cancellationToken) =>
        MarkAsync(accountId, refused, value => value with { Refused = true }, cancellationToken);

    /// <summary>Make a room's refused fields unsent again (the operator fixed the cause and replayed the dead letter). Returns how many.</summary>
    public async Task<int> RetryRefusedAsync(string accountId, long roomId, CancellationToken cancellationToken)
    {
        var count = 0;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKey.Encode(accountId)} and RoomId eq {roomId}");
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var row = ToRow(entity);
            if (!row.Fields.Values.Any(v => v.Refused))
            {
                continue;
            }

            count += row.Fields.Values.Count(v => v.Refused);
            await MarkAsync(accountId, [row], value => value.Refused ? value with { Refused = false, Sent = false } : value, cancellationToken).ConfigureAwait(false);
        }

        return count;
    }

    private async Task MarkAsync(string accountId, IReadOnlyList<PendingRow> rows, Func<StoredCellValue, StoredCellValue> mark, CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            var current = row;
            for (var attempt = 0; attempt < 10; attempt++)
            {
                var fields = current.Fields.ToDictionary(kv => kv.Key,
                    kv => row.Fields.TryGetValue(kv.Key, out var sentValue) && sentValue.Version == kv.Value.Version ? mark(kv.Value) : kv.Value);
                try
                {
                    await WriteAsync(accountId, row.RoomId, row.Date, fields, current.ETag, cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (RequestFailedException ex) when (TableErrors.IsConcurrencyConflict(ex))
                {
                    current = await ReadAsync(accountId, row.RoomId, row.Date, cancellationToken).ConfigureAwait(false) ?? row;
                }
            }
        }
    }

    /// <summary>
    /// Remove fully sent rows for dates before <paramref name="before"/> (nobody books the past), so the table does not
    /// grow for ever. A row changed meanwhile keeps its newer ETag and stays. Returns how many rows were removed.
    /// </summary>
    public async Task<int> PruneSentBeforeAsync(string accountId, DateOnly before, CancellationToken cancellationToken)
    {
        var removed = 0;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKey.Encode(accountId)} and Unsent eq {0} and Date lt {before.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await Table.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, entity.ETag, cancellationToken).ConfigureAwait(false);
                removed++;
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Gone already, or changed since the query: leave it for the next flush.
            }
        }

        return removed;
    }

    private async Task<PendingRow?> ReadAsync(string accountId, long roomId, DateOnly date, CancellationToken cancellationToken)
    {
        var entity = await Table.GetEntityIfExistsAsync<TableEntity>(TableKey.Encode(accountId), Key(roomId, date), cancellationToken: cancellationToken).ConfigureAwait(false);
        return entity.HasValue ? ToRow(entity.Value!) : null;
    }

    private async Task WriteAsync(string accountId, long roomId, DateOnly date, Dictionary<string, StoredCellValue> fields, ETag? etag, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(TableKey.Encode(accountId), Key(roomId, date))
        {
            ["RoomId"] = roomId,
            ["Date"] = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Fields"] = SyncJson.Serialize(fields),
            ["Unsent"] = fields.Values.Count(v => !v.Sent && !v.Refused),
        };
        if (etag is { } tag)
        {
            await Table.UpdateEntityAsync(entity, tag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await Table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
        }
    }

    private static PendingRow ToRow(TableEntity e) => new(
        e.GetInt64("RoomId") ?? 0,
        DateOnly.ParseExact(e.GetString("Date"), "yyyy-MM-dd", CultureInfo.InvariantCulture),
        SyncJson.Deserialize<Dictionary<string, StoredCellValue>>(e.GetString("Fields")) ?? [],
        e.ETag);

    private static string Key(long roomId, DateOnly date) => $"{roomId.ToString(CultureInfo.InvariantCulture)}|{date:yyyy-MM-dd}";
}

/// <summary>A stored room/date with its fields and ETag.</summary>
public sealed record PendingRow(long RoomId, DateOnly Date, Dictionary<string, StoredCellValue> Fields, ETag ETag);
