using Azure;
using Azure.Data.Tables;

namespace Beds24Sync.Storage;

/// <summary>Maps storage's optimistic-concurrency answers to <see cref="ConcurrencyConflictException"/>.</summary>
internal static class TableErrors
{
    public static bool IsConcurrencyConflict(RequestFailedException ex) => ex.Status is 409 or 412;

    public static async Task<T> GuardAsync<T>(Func<Task<T>> write, string what)
    {
        try
        {
            return await write().ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (IsConcurrencyConflict(ex))
        {
            throw new ConcurrencyConflictException($"{what} was changed by someone else; re-read and retry.", ex);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            throw new ConcurrencyConflictException($"{what} was changed by someone else; re-read and retry.", ex);
        }
    }
}
