using System.Globalization;

namespace Beds24Sync.Conflicts;

/// <summary>
/// Conflict ids start with an inverted millisecond timestamp, so the SyncConflicts table (ordered by RowKey) lists
/// the newest conflict first and pages through continuation tokens in that order; account and reservation follow
/// to keep ids unique and readable.
/// </summary>
public static class ConflictIds
{
    private const long MaxMilliseconds = 9_999_999_999_999; // year 2286: 13 digits

    public static string New(string accountId, string reservationId, DateTimeOffset detectedAt) =>
        string.Create(CultureInfo.InvariantCulture, $"{MaxMilliseconds - detectedAt.ToUnixTimeMilliseconds():D13}-{accountId}-{reservationId}");
}
