using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Beds24Sync.Contracts;
using Beds24Sync.Storage;

namespace Beds24Sync.BookingLinks;

/// <summary>
/// BookingLinks: per account one row per PMS reservation (<c>r|{reservationId}</c>, the link as JSON) and one index
/// row per Beds24 booking (<c>b|{bookingId}</c> → reservation id). Both are written in one transaction, guarded by
/// the reservation row's ETag.
/// </summary>
public sealed class TableBookingLinkStore(StorageClients clients) : IBookingLinkStore
{
    private TableClient Table => clients.Table(StorageNames.Tables.BookingLinks);

    public async Task<BookingLink?> GetByReservationAsync(string accountId, string reservationId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(TableKey.Encode(accountId), ReservationKey(reservationId), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? ToLink(row.Value!) : null;
    }

    public async Task<BookingLink?> GetByBeds24IdAsync(string accountId, long beds24BookingId, CancellationToken cancellationToken)
    {
        var index = await Table.GetEntityIfExistsAsync<TableEntity>(TableKey.Encode(accountId), BookingKey(beds24BookingId), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!index.HasValue || index.Value!.GetString("ReservationId") is not { } reservationId)
        {
            return null;
        }

        // An index row outlives a relink (the reservation moved to another Beds24 booking): trust the link, not the index.
        var link = await GetByReservationAsync(accountId, reservationId, cancellationToken).ConfigureAwait(false);
        return link?.Beds24BookingId == beds24BookingId ? link : null;
    }

    public Task<BookingLink> SaveAsync(BookingLink link, CancellationToken cancellationToken)
    {
        if (link.StoredBeds24BookingId is { } stored && link.Beds24BookingId != stored)
        {
            throw new BookingAlreadyLinkedException(
                $"Reservation {link.ReservationId} is bound to Beds24 booking {stored}; it cannot be re-bound to {link.Beds24BookingId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}.");
        }

        return SaveCheckedAsync(link, cancellationToken);
    }

    private Task<BookingLink> SaveCheckedAsync(BookingLink link, CancellationToken cancellationToken) =>
        TableErrors.GuardAsync(async () =>
        {
            var pk = TableKey.Encode(link.AccountId);
            var row = new TableEntity(pk, ReservationKey(link.ReservationId))
            {
                ["Beds24BookingId"] = link.Beds24BookingId,
                ["PropertyId"] = link.PropertyId,
                ["HasPending"] = link.HasPendingChange, // so the pending sweep reads only these
            };
            // The link carries whole PMS messages (pending and last published): they may outgrow one property.
            LargeText.Write(row, "Json", SyncJson.Serialize(link with { ETag = default }));
            var actions = new List<TableTransactionAction>
            {
                link.ETag == default
                    ? new TableTransactionAction(TableTransactionActionType.Add, row)
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, link.ETag),
            };
            var binds = link.Beds24BookingId is { } bookingId && link.StoredBeds24BookingId != bookingId;
            if (link.Beds24BookingId is { } id)
            {
                // Binding: the index row must not exist yet (another reservation holding this booking fails the write).
                actions.Add(new TableTransactionAction(binds ? TableTransactionActionType.Add : TableTransactionActionType.UpsertReplace,
                    new TableEntity(pk, BookingKey(id)) { ["ReservationId"] = link.ReservationId }));
            }

            try
            {
                var response = await Table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                return link with { ETag = response.Value[0].Headers.ETag ?? default, StoredBeds24BookingId = link.Beds24BookingId };
            }
            catch (TableTransactionFailedException ex) when (binds && ex.FailedTransactionActionIndex == 1 && ex.Status == 409)
            {
                var owner = await Table.GetEntityIfExistsAsync<TableEntity>(pk, BookingKey(link.Beds24BookingId!.Value), cancellationToken: cancellationToken).ConfigureAwait(false);
                var ownerId = owner.HasValue ? owner.Value!.GetString("ReservationId") : null;
                if (ownerId is null || ownerId == link.ReservationId)
                {
                    // Our own index row (left by an earlier write): bind over it.
                    return await SaveCheckedAsync(link with { StoredBeds24BookingId = link.Beds24BookingId }, cancellationToken).ConfigureAwait(false);
                }

                throw new BookingAlreadyLinkedException(
                    $"Beds24 booking {link.Beds24BookingId} is already bound to reservation {ownerId}; reservation {link.ReservationId} cannot take it.", ex);
            }
        }, $"Booking link {link.ReservationId}");

    public async IAsyncEnumerable<BookingLink> ListAsync(string accountId, string? propertyId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pk = TableKey.Encode(accountId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {pk} and RowKey ge {"r|"} and RowKey lt {"r}"}");
        if (propertyId is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"PropertyId eq {propertyId}");
        }

        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return ToLink(row);
        }
    }

    public async IAsyncEnumerable<BookingLink> ListPendingAsync(string accountId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKey.Encode(accountId)} and RowKey ge {"r|"} and RowKey lt {"r}"} and HasPending eq {true}");
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var link = ToLink(row);
            if (link.HasPendingChange)
            {
                yield return link;
            }
        }
    }

    private static BookingLink ToLink(TableEntity row) =>
        (SyncJson.Deserialize<BookingLink>(LargeText.Read(row, "Json") ?? "null") ?? throw new InvalidOperationException($"Booking link {row.RowKey} is unreadable."))
        with
        { ETag = row.ETag, StoredBeds24BookingId = row.GetInt64("Beds24BookingId") };

    private static string ReservationKey(string reservationId) => "r|" + TableKey.Encode(reservationId);

    private static string BookingKey(long bookingId) => "b|" + bookingId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
