using System.Text.RegularExpressions;

namespace Beds24Sync.Accounts;

/// <summary>
/// The one rule for account ids, everywhere (CLI, webhook URLs, message contracts, table keys): 1-100 letters, digits,
/// '.', '_' or '-'. Ids are case-sensitive: <c>Harbour</c> and <c>harbour</c> are two accounts.
/// </summary>
public static partial class AccountIds
{
    public const string Rule = "1-100 letters, digits, '.', '_' or '-'";

    public static bool IsValid(string? accountId) => accountId is not null && Pattern().IsMatch(accountId);

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex Pattern();
}
