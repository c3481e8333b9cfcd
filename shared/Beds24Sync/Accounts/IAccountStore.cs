namespace Beds24Sync.Accounts;

public interface IAccountStore
{
    Task<Beds24Account?> GetAsync(string accountId, CancellationToken cancellationToken);

    IAsyncEnumerable<Beds24Account> ListAsync(CancellationToken cancellationToken);

    Task SaveAsync(Beds24Account account, CancellationToken cancellationToken);

    /// <summary>Forgets the account's row (settings and credit state). Returns false when there was none.</summary>
    Task<bool> DeleteAsync(string accountId, CancellationToken cancellationToken);
}
