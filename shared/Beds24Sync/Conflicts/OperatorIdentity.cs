namespace Beds24Sync.Conflicts;

/// <summary>
/// Who is deciding, taken from the request: the one place that decides it. The caller is already authenticated (a
/// function key in Azure, loopback locally); a decision also needs a named operator for the audit. App Service
/// authentication's principal (<see cref="PrincipalHeader"/>, set by the platform, not by the client) wins over
/// the self-declared <see cref="OperatorHeader"/> that the conflicts page and CLI send.
/// </summary>
public static class OperatorIdentity
{
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL-NAME";
    public const string OperatorHeader = "X-Operator";

    /// <param name="header">Reads one request header by name (null or empty when absent).</param>
    /// <returns>The operator's name, or null when there is none usable (absent, blank, too long, control characters).</returns>
    public static string? From(Func<string, string?> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return Usable(header(PrincipalHeader)) ?? Usable(header(OperatorHeader));
    }

    private static string? Usable(string? value)
    {
        var name = value?.Trim();
        return string.IsNullOrEmpty(name) || name.Length > ConflictDecisionValidator.MaxDecidedByLength || name.Any(char.IsControl) ? null : name;
    }
}
