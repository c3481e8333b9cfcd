using System.Globalization;
using Beds24.Api.Models;
using Beds24Sync.Mapping;

namespace Beds24Sync.Conflicts;

/// <summary>
/// Decides whether an incoming change meets a change from the other side since the last sync, and what differs:
/// status, dates, room, amount (more than 5 %), guest counts. Pure: no I/O.
/// </summary>
public static class ConflictDetector
{
    public const decimal AmountTolerance = 0.05m;

    /// <returns>The differences, or an empty list when there is no conflict.</returns>
    public static IReadOnlyList<FieldDifference> Detect(ConflictCandidate candidate, long? pmsRoomAsBeds24)
    {
        var link = candidate.Link;
        if (link is null || candidate.PmsState is null || candidate.Beds24State is null)
        {
            return [];
        }

        var beds24Changed = link.Beds24Hash is not null && BookingContentHash.Of(candidate.Beds24State) != link.Beds24Hash
            || (candidate.Beds24State.ModifiedTime is { } modified && link.Beds24ModifiedTime is { } known && modified > known);
        var pmsChanged = candidate.Origin == ChangeOrigins.Pms
            ? (candidate.PmsVersion ?? 0) > link.PmsVersion
            : link.PendingMessage is not null && link.PendingVersion > link.PmsVersion;
        if (!(beds24Changed && pmsChanged))
        {
            return [];
        }

        return Differences(candidate, pmsRoomAsBeds24);
    }

    public static IReadOnlyList<FieldDifference> Differences(ConflictCandidate candidate, long? pmsRoomAsBeds24) =>
        [.. Compare(candidate, pmsRoomAsBeds24).Where(f => f.Differs).Select(f => new FieldDifference(f.Field, f.Pms, f.Beds24))];

    /// <summary>
    /// Every compared field in PMS terms (Beds24's status mapped to the PMS's; the PMS room type as its Beds24 room),
    /// flagged where the sides disagree. Amounts differ only beyond <see cref="AmountTolerance"/>; a side that does
    /// not state a value (no room mapping, no guest counts) does not count as a difference.
    /// </summary>
    public static IReadOnlyList<ComparedField> Compare(ConflictCandidate candidate, long? pmsRoomAsBeds24)
    {
        var pms = candidate.PmsState ?? throw new ArgumentException("The candidate has no PMS state.", nameof(candidate));
        var b24 = candidate.Beds24State ?? throw new ArgumentException("The candidate has no Beds24 state.", nameof(candidate));
        var beds24Status = b24.Status is null ? null : BookingStatusMap.ToPms(b24.Status);
        var room = pmsRoomAsBeds24?.ToString(CultureInfo.InvariantCulture);
        var beds24Room = b24.RoomId?.ToString(CultureInfo.InvariantCulture);
        var amountDiffers = pms.TotalAmount is { } a && b24.Price is { } b && Math.Max(Math.Abs(a), Math.Abs(b)) > 0
            && Math.Abs(a - b) / Math.Max(Math.Abs(a), Math.Abs(b)) > AmountTolerance;
        var guestsDiffer = pms.Adults != (b24.NumAdult ?? pms.Adults) || pms.Children != (b24.NumChild ?? pms.Children);
        return
        [
            new("status", pms.Status, beds24Status, pms.Status != beds24Status),
            new("arrival", Date(pms.Arrival), Date(b24.Arrival), pms.Arrival != b24.Arrival),
            new("departure", Date(pms.Departure), Date(b24.Departure), pms.Departure != b24.Departure),
            new("room", room, beds24Room, room is not null && beds24Room is not null && room != beds24Room),
            new("amount", Money(pms.TotalAmount), Money(b24.Price), amountDiffers),
            new("guests", $"{pms.Adults}+{pms.Children}", $"{b24.NumAdult ?? pms.Adults}+{b24.NumChild ?? pms.Children}", guestsDiffer),
        ];
    }

    /// <summary>The conflict type: the most significant differing field.</summary>
    public static string TypeOf(IReadOnlyList<FieldDifference> differences)
    {
        foreach (var type in new[] { "status", "arrival", "departure", "room", "amount" })
        {
            if (differences.Any(d => d.Field == type))
            {
                return type is "arrival" or "departure" ? "dates" : type;
            }
        }

        return "both-modified";
    }

    private static string? Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Money(decimal? m) => m?.ToString("0.00", CultureInfo.InvariantCulture);
}
