using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Beds24Sync.Storage;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Guests;

/// <summary>
/// GuestLinks: Beds24 booking → PMS guest, and keyed hashes of normalised email / E.164 phone → PMS guest ids.
/// Raw emails and phone numbers are never stored as keys.
/// </summary>
public sealed class GuestLinkStore(StorageClients clients, IOptions<GuestOptions> options) : IGuestLinkStore
{
    private TableClient Table => clients.Table(StorageNames.Tables.GuestLinks);

    public async Task<string?> GetByBookingAsync(string accountId, long beds24BookingId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(TableKey.Encode(accountId), "booking|" + beds24BookingId.ToString(CultureInfo.InvariantCulture), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? row.Value!.GetString("GuestId") : null;
    }

    public Task<IReadOnlyList<string>> FindByEmailAsync(string accountId, string normalisedEmail, CancellationToken cancellationToken) =>
        FindAsync(accountId, "email|" + Hash(normalisedEmail), cancellationToken);

    public Task<IReadOnlyList<string>> FindByPhoneAsync(string accountId, string e164, CancellationToken cancellationToken) =>
        FindAsync(accountId, "phone|" + Hash(e164), cancellationToken);

    /// <summary>Remember a PMS guest under its booking, email and phone (any may be null).</summary>
    public async Task LinkAsync(string accountId, string guestId, long? beds24BookingId, string? normalisedEmail, string? e164, CancellationToken cancellationToken)
    {
        var pk = TableKey.Encode(accountId);
        if (beds24BookingId is { } id)
        {
            await Table.UpsertEntityAsync(new TableEntity(pk, "booking|" + id.ToString(CultureInfo.InvariantCulture)) { ["GuestId"] = guestId }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }

        foreach (var key in new[] { normalisedEmail is null ? null : "email|" + Hash(normalisedEmail), e164 is null ? null : "phone|" + Hash(e164) })
        {
            if (key is not null)
            {
                // One row per (index, guest): several PMS guests can share an email, which makes a match ambiguous.
                await Table.UpsertEntityAsync(new TableEntity(pk, $"{key}|{TableKey.Encode(guestId)}") { ["GuestId"] = guestId }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<IReadOnlyList<string>> FindAsync(string accountId, string prefix, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKey.Encode(accountId)} and RowKey ge {prefix + "|"} and RowKey lt {prefix + "}"}");
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.GetString("GuestId") is { } id)
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    private string Hash(string value) =>
        Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.Value.HashKey), Encoding.UTF8.GetBytes(value)), 0, 20);
}
