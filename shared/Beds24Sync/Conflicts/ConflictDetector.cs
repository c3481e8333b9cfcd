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

    public static IReadOnlyList<FieldDifference> Differences(ConflictCandidate candidate, long? pmsRoomAsBeds24)
    {
        var pms = candidate.PmsState!;
        var b24 = candidate.Beds24State!;
        var differences = new List<FieldDifference>();
        var pmsStatus = pms.Status;
        var beds24Status = b24.Status is null ? null : BookingStatusMap.ToPms(b24.Status);
        if (pmsStatus != beds24Status)
        {
            differences.Add(new("status", pmsStatus, beds24Status));
        }

        if (pms.Arrival != b24.Arrival)
        {
            differences.Add(new("arrival", Date(pms.Arrival), Date(b24.Arrival)));
        }

        if (pms.Departure != b24.Departure)
        {
            differences.Add(new("departure", Date(pms.Departure), Date(b24.Departure)));
        }

        if (pmsRoomAsBeds24 is { } room && b24.RoomId is { } beds24Room && room != beds24Room)
        {
            differences.Add(new("room", room.ToString(CultureInfo.InvariantCulture), beds24Room.ToString(CultureInfo.InvariantCulture)));
        }

        if (pms.TotalAmount is { } a && b24.Price is { } b && Math.Max(a, b) > 0 && Math.Abs(a - b) / Math.Max(a, b) > AmountTolerance)
        {
            differences.Add(new("amount", Money(a), Money(b)));
        }

        if (pms.Adults != (b24.NumAdult ?? pms.Adults) || pms.Children != (b24.NumChild ?? pms.Children))
        {
            differences.Add(new("guests", $"{pms.Adults}+{pms.Children}", $"{b24.NumAdult}+{b24.NumChild}"));
        }

        return differences;
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

    private static string Money(decimal m) => m.ToString("0.00", CultureInfo.InvariantCulture);
}
