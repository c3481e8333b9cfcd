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

    public Task<BookingLink> SaveAsync(BookingLink link, CancellationToken cancellationToken) =>
        TableErrors.GuardAsync(async () =>
        {
            var pk = TableKey.Encode(link.AccountId);
            var row = new TableEntity(pk, ReservationKey(link.ReservationId))
            {
                ["Beds24BookingId"] = link.Beds24BookingId,
                ["PropertyId"] = link.PropertyId,
            };
            // The link carries whole PMS messages (pending and last published): they may outgrow one property.
            LargeText.Write(row, "Json", SyncJson.Serialize(link with { ETag = default }));
            var actions = new List<TableTransactionAction>
            {
                link.ETag == default
                    ? new TableTransactionAction(TableTransactionActionType.Add, row)
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, link.ETag),
            };
            if (link.Beds24BookingId is { } bookingId)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                    new TableEntity(pk, BookingKey(bookingId)) { ["ReservationId"] = link.ReservationId }));
            }

            var response = await Table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            return link with { ETag = response.Value[0].Headers.ETag ?? default };
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

    private static BookingLink ToLink(TableEntity row) =>
        (SyncJson.Deserialize<BookingLink>(LargeText.Read(row, "Json") ?? "null") ?? throw new InvalidOperationException($"Booking link {row.RowKey} is unreadable."))
        with
        { ETag = row.ETag };

    private static string ReservationKey(string reservationId) => "r|" + TableKey.Encode(reservationId);

    private static string BookingKey(long bookingId) => "b|" + bookingId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
