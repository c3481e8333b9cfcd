using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Beds24Sync.Accounts;

public static class AccountsServiceCollectionExtensions
{
    /// <summary>
    /// The Beds24 accounts this app syncs and each one's credit budget, on the same row (table <c>Beds24Accounts</c>).
    /// Needs <see cref="Storage.StorageServiceCollectionExtensions.AddStorage"/>. Idempotent.
    /// </summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.TryAddSingleton<IAccountStore, TableAccountStore>();
        // Every instance must share one budget per Beds24 account: this replaces Beds24.Api's in-memory default.
        services.Replace(ServiceDescriptor.Singleton<Beds24.Api.Credits.ICreditBudgetStore, TableCreditBudgetStore>());
        return services;
    }
}
