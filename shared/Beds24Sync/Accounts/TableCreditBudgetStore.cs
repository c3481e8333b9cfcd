using Azure;
using Azure.Data.Tables;
using Beds24.Api.Credits;
using Beds24.Api.Models;
using Beds24Sync.Storage;

namespace Beds24Sync.Accounts;

/// <summary>
/// The account's credit budget shared by every instance of the app (Beds24 has one budget per account): credit
/// columns on the account's Beds24Accounts row, written with ETags so a newer observation is never overwritten by an older one.
/// </summary>
public sealed class TableCreditBudgetStore(StorageClients clients) : ICreditBudgetStore
{
    private TableClient Table => clients.Table(StorageNames.Tables.Accounts);

    public async ValueTask<Beds24CreditState?> GetAsync(string accountId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(TableAccountStore.Partition, TableKey.Encode(accountId),
            ["CreditsRemaining", "CreditsResetAt", "CreditsLastCost", "CreditsObservedAt"], cancellationToken).ConfigureAwait(false);
        return row.HasValue ? Read(row.Value!) : null;
    }

    public async ValueTask SaveAsync(string accountId, Beds24CreditState state, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var existing = await Table.GetEntityIfExistsAsync<TableEntity>(TableAccountStore.Partition, TableKey.Encode(accountId), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (existing.HasValue && Read(existing.Value!) is { } current && current.ObservedAt > state.ObservedAt)
            {
                return;
            }

            var row = new TableEntity(TableAccountStore.Partition, TableKey.Encode(accountId))
            {
                ["CreditsRemaining"] = (double)state.Remaining,
                ["CreditsResetAt"] = state.ResetsAt,
                ["CreditsLastCost"] = (double?)state.LastRequestCost,
                ["CreditsObservedAt"] = state.ObservedAt,
            };
            try
            {
                if (existing.HasValue)
                {
                    await Table.UpdateEntityAsync(row, existing.Value!.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await Table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
                }

                return;
            }
            catch (RequestFailedException ex) when (TableErrors.IsConcurrencyConflict(ex))
            {
                // Another instance recorded a state meanwhile: re-read and keep the newer one.
            }
        }
    }

    private static Beds24CreditState? Read(TableEntity row) =>
        row.GetDouble("CreditsRemaining") is { } remaining && row.GetDateTimeOffset("CreditsResetAt") is { } resetAt
            ? new Beds24CreditState((decimal)remaining, resetAt, (decimal?)row.GetDouble("CreditsLastCost"), row.GetDateTimeOffset("CreditsObservedAt") ?? resetAt)
            : null;
}
