using Azure;
using Azure.Data.Tables;
using Beds24Sync.Storage;

namespace Beds24Sync.Pull;

/// <summary>SyncCursors: per account the incremental cursor, the lease of the run using it, and the last results.</summary>
public sealed class SyncCursorStore(StorageClients clients) : ISyncCursorStore
{
    private const string Incremental = "incremental";

    private TableClient Table => clients.Table(StorageNames.Tables.SyncCursors);

    public async Task<SyncCursor?> GetAsync(string accountId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(TableKey.Encode(accountId), Incremental, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? ToCursor(accountId, row.Value!) : null;
    }

    /// <summary>Take the lease if nobody holds it. Returns the cursor (with its ETag), or null when another run holds it.</summary>
    public async Task<SyncCursor?> TryLeaseAsync(string accountId, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        var current = await GetAsync(accountId, cancellationToken).ConfigureAwait(false);
        if (current?.LeaseUntil > now)
        {
            return null;
        }

        var row = ToRow(current ?? new SyncCursor(accountId, null, null, null, null, 0, default));
        row["LeaseUntil"] = now + lease;
        try
        {
            var response = current is null
                ? await Table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false)
                : await Table.UpdateEntityAsync(row, current.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return (current ?? new SyncCursor(accountId, null, null, null, null, 0, default)) with { LeaseUntil = now + lease, ETag = response.Headers.ETag ?? default };
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return null; // another run took it first
        }
    }

    /// <summary>Move the cursor and release the lease (only the lease holder can: ETag).</summary>
    public async Task CompleteAsync(SyncCursor leased, DateTimeOffset newCursor, DateTimeOffset now, int bookingsSeen, CancellationToken cancellationToken)
    {
        var row = ToRow(leased with { Cursor = newCursor, LeaseUntil = null, LastRunAt = now, LastSuccessAt = now, LastBookingsSeen = bookingsSeen });
        await Table.UpdateEntityAsync(row, leased.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Release the lease without moving the cursor (the window failed and will be read again).</summary>
    public async Task AbandonAsync(SyncCursor leased, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var row = ToRow(leased with { LeaseUntil = null, LastRunAt = now });
        try
        {
            await Table.UpdateEntityAsync(row, leased.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
        }
    }

    private static TableEntity ToRow(SyncCursor c) => new(TableKey.Encode(c.AccountId), Incremental)
    {
        ["Cursor"] = c.Cursor,
        ["LeaseUntil"] = c.LeaseUntil,
        ["LastRunAt"] = c.LastRunAt,
        ["LastSuccessAt"] = c.LastSuccessAt,
        ["LastBookingsSeen"] = c.LastBookingsSeen,
    };

    private static SyncCursor ToCursor(string accountId, TableEntity row) => new(accountId,
        row.GetDateTimeOffset("Cursor"), row.GetDateTimeOffset("LeaseUntil"), row.GetDateTimeOffset("LastRunAt"), row.GetDateTimeOffset("LastSuccessAt"),
        row.GetInt32("LastBookingsSeen") ?? 0, row.ETag);
}

/// <summary>An account's incremental pull position.</summary>
public sealed record SyncCursor(string AccountId, DateTimeOffset? Cursor, DateTimeOffset? LeaseUntil, DateTimeOffset? LastRunAt,
    DateTimeOffset? LastSuccessAt, int LastBookingsSeen, ETag ETag);
