using Beds24.Api;
using Beds24.Api.Models;
using Beds24Sync.Core;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Push;

/// <summary>
/// Beds24 checks availability only for new bookings (FACTS.md), so a modification that needs more nights is checked
/// by us first with a calendar read (one credit each). Checks of one account that start within
/// <see cref="PushOptions.WriteCoalescingWindow"/> share one <c>GET inventory/rooms/calendar</c> over all their rooms
/// and nights. Inside a batch the nights are handed out in the order of the changes' first nights: a change that would take a room another
/// change of the same batch has just taken is not told "full" (Beds24 might have had the room before either change)
/// but "checked again" — a transient answer, so its retry reads afresh. A batch spanning more than
/// <see cref="MaxDaysPerRead"/> days is read in several calls.
/// </summary>
public sealed class AvailabilityCheckCoalescer
{
    /// <summary>Days of calendar in one read; keeps the answer small.</summary>
    public const int MaxDaysPerRead = 100;

    /// <summary>A calendar read costs the same however many checks share it: as many as a write batch holds.</summary>
    private const int MaxChecksPerRead = PushOptions.LargestBatch;

    private readonly IBeds24ClientFactory _beds24;
    private readonly AccountBatcher<AvailabilityRequest, AvailabilityVerdict> _batcher;

    public AvailabilityCheckCoalescer(IBeds24ClientFactory beds24, IOptions<PushOptions> options, TimeProvider time)
    {
        _beds24 = beds24;
        _batcher = new(time, () => options.Value.WriteCoalescingWindow, MaxChecksPerRead, _ => 1, CheckBatchAsync, () => options.Value.LongestCoalescingWait);
    }

    /// <summary>Calendar reads made so far.</summary>
    public long Reads => Interlocked.Read(ref _reads);

    private long _reads;

    /// <summary>Whether room <see cref="AvailabilityRequest.RoomId"/> has a unit left on every one of the nights.</summary>
    public Task<AvailabilityVerdict> CheckAsync(string accountId, AvailabilityRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Nights.Count == 0
            ? Task.FromResult(AvailabilityVerdict.Available)
            : _batcher.AddAsync(accountId, request, cancellationToken);
    }

    private async Task CheckBatchAsync(string accountId, IReadOnlyList<BatchEntry<AvailabilityRequest, AvailabilityVerdict>> batch)
    {
        var client = _beds24.GetClient(accountId);
        foreach (var group in BySpan(batch))
        {
            Interlocked.Increment(ref _reads);
            var calendar = await client.GetCalendarAsync(new CalendarQuery
            {
                RoomIds = [.. group.Select(e => e.Item.RoomId).Distinct()],
                StartDate = group.Min(e => e.Item.Nights.Min()),
                EndDate = group.Max(e => e.Item.Nights.Max()),
                IncludeNumAvail = true,
                IncludeMinStay = false,
                IncludeMaxStay = false,
                IncludeOverride = false,
                IncludePrices = false,
            }, CancellationToken.None).ConfigureAwait(false);
            var beds24Left = calendar.SelectMany(room => CalendarRanges.Expand(room).Select(day => (room.RoomId, Day: day)))
                .Where(d => d.Day.NumAvail is not null)
                .GroupBy(d => (d.RoomId, d.Day.Date))
                .ToDictionary(g => g.Key, g => g.Last().Day.NumAvail!.Value);
            var left = new Dictionary<(long RoomId, DateOnly Date), int>(beds24Left);
            foreach (var entry in group)
            {
                entry.Complete(Claim(entry.Item, beds24Left, left));
            }
        }
    }

    /// <summary>Takes the nights from what is left after the batch's earlier changes, or says why not.</summary>
    private static AvailabilityVerdict Claim(AvailabilityRequest request, Dictionary<(long, DateOnly), int> beds24Left, Dictionary<(long, DateOnly), int> left)
    {
        var full = request.Nights.Where(n => beds24Left.GetValueOrDefault((request.RoomId, n)) < 1).ToList();
        if (full.Count > 0)
        {
            return new AvailabilityVerdict(AvailabilityState.Full, full);
        }

        var taken = request.Nights.Where(n => left.GetValueOrDefault((request.RoomId, n)) < 1).ToList();
        if (taken.Count > 0)
        {
            return new AvailabilityVerdict(AvailabilityState.TakenInBatch, taken);
        }

        foreach (var night in request.Nights)
        {
            left[(request.RoomId, night)]--;
        }

        return AvailabilityVerdict.Available;
    }

    private static IEnumerable<List<BatchEntry<AvailabilityRequest, AvailabilityVerdict>>> BySpan(IReadOnlyList<BatchEntry<AvailabilityRequest, AvailabilityVerdict>> batch)
    {
        var group = new List<BatchEntry<AvailabilityRequest, AvailabilityVerdict>>();
        DateOnly start = default, end = default;
        foreach (var entry in batch.OrderBy(e => e.Item.Nights.Min()))
        {
            var (first, last) = (entry.Item.Nights.Min(), entry.Item.Nights.Max());
            if (group.Count > 0 && (last > end ? last : end).DayNumber - start.DayNumber >= MaxDaysPerRead)
            {
                yield return group;
                group = [];
            }

            if (group.Count == 0)
            {
                (start, end) = (first, last);
            }

            end = last > end ? last : end;
            group.Add(entry);
        }

        if (group.Count > 0)
        {
            yield return group;
        }
    }
}

/// <summary>One change's check: the nights it needs beyond what its booking already holds.</summary>
public sealed record AvailabilityRequest(long RoomId, IReadOnlyList<DateOnly> Nights);

public enum AvailabilityState
{
    Available,

    /// <summary>Beds24 has no unit left on these nights.</summary>
    Full,

    /// <summary>Beds24 had a unit, but a change checked in the same batch took it first.</summary>
    TakenInBatch,
}

public sealed record AvailabilityVerdict(AvailabilityState State, IReadOnlyList<DateOnly> Nights)
{
    public static AvailabilityVerdict Available { get; } = new(AvailabilityState.Available, []);
}
