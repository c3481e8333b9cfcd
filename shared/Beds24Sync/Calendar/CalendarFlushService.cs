using System.Text.Json;
using Beds24.Api;
using Beds24.Api.Models;
using Beds24Sync.Contracts;
using Beds24Sync.Core;
using Beds24Sync.DeadLetters;
using Beds24Sync.Push;
using Microsoft.Extensions.Logging;

namespace Beds24Sync.Calendar;

/// <summary>
/// Sends an account's unsent calendar cells to Beds24 in as few POST /inventory/rooms/calendar calls as possible
/// (many rooms and ranges per call), then marks exactly the versions sent. Every override change goes with numAvail
/// (Beds24 resets availability to the maximum when an override leaves blackout without it). A room Beds24 refuses
/// keeps its cells, marked refused, and is dead-lettered with the reason; replaying that dead letter sends them
/// again. A transient failure leaves everything unsent for the next flush.
/// </summary>
public sealed partial class CalendarFlushService(CalendarPendingStore pending, IBeds24ClientFactory beds24, IDeadLetterStore deadLetters,
    Operations.ISyncTelemetry telemetry, TimeProvider time, ILogger<CalendarFlushService> logger)
{
    public const int RoomsPerCall = 50;

    /// <summary>Source of the dead letters of refused rooms; replaying one makes the room's refused cells unsent again.</summary>
    public const string DeadLetterSource = "calendar-flush";

    public async Task<CalendarFlushResult> FlushAsync(string accountId, CancellationToken cancellationToken)
    {
        var rows = await pending.ReadUnsentAsync(accountId, cancellationToken).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return new CalendarFlushResult(accountId, 0, 0, 0, 0);
        }

        var started = time.GetTimestamp();
        var cells = rows.SelectMany(r => r.Fields.Where(f => !f.Value.Sent && !f.Value.Refused).Select(f => new CalendarCell(r.RoomId, r.Date, f.Key, f.Value.Value, f.Value.Version))).ToList();
        var client = beds24.GetClient(accountId);
        cells.AddRange(await AvailabilityWithOverridesAsync(client, rows, cells, cancellationToken).ConfigureAwait(false));
        var rooms = CalendarCoalescer.ToRoomCalendars(cells);
        var calls = 0;
        var refused = 0;
        try
        {
            foreach (var chunk in rooms.Chunk(RoomsPerCall))
            {
                var results = await client.UpdateCalendarAsync(chunk, cancellationToken).ConfigureAwait(false);
                calls++;
                if (results.Count != chunk.Length)
                {
                    // Unknown which rooms were applied: keep every cell of the chunk unsent (re-sending is harmless).
                    throw new SyncFailureException($"Beds24 answered a calendar update of {chunk.Length} rooms with {results.Count} results.", true, DeadLetterCategories.Exhausted);
                }

                var refusedRooms = new HashSet<long>();
                for (var i = 0; i < chunk.Length; i++)
                {
                    var result = results[i];
                    foreach (var warning in result.Warnings)
                    {
                        LogWarning(logger, accountId, chunk[i].RoomId, warning.Field ?? "-", warning.Message ?? "-");
                    }

                    if (!result.Success)
                    {
                        refused++;
                        refusedRooms.Add(chunk[i].RoomId);
                    }
                }

                var sentRooms = chunk.Select(r => r.RoomId).Where(id => !refusedRooms.Contains(id)).ToHashSet();
                await pending.MarkSentAsync(accountId, [.. rows.Where(r => sentRooms.Contains(r.RoomId))], cancellationToken).ConfigureAwait(false);
                await pending.MarkRefusedAsync(accountId, [.. rows.Where(r => refusedRooms.Contains(r.RoomId))], cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < chunk.Length; i++)
                {
                    if (refusedRooms.Contains(chunk[i].RoomId))
                    {
                        await DeadLetterRoomAsync(accountId, chunk[i], results[i], cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            telemetry.RecordCalendarFlush(Operations.SyncOutcome.Failed, time.GetElapsedTime(started));
            if (ex is Beds24.Api.Errors.Beds24ApiException api)
            {
                telemetry.RecordApiError();
                telemetry.RecordBeds24Reachable(api is not Beds24.Api.Errors.Beds24NetworkException);
            }

            throw SyncFailureException.From(ex);
        }

        telemetry.RecordCalendarFlush(refused == 0 ? Operations.SyncOutcome.Succeeded : Operations.SyncOutcome.Failed, time.GetElapsedTime(started));
        telemetry.RecordBeds24Reachable(true);

        // Dates two days back are past in every time zone: their sent rows are no longer needed to drop late versions.
        try
        {
            await pending.PruneSentBeforeAsync(accountId, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-2), cancellationToken).ConfigureAwait(false);
        }
        catch (Azure.RequestFailedException ex)
        {
            // Housekeeping only: the flush itself succeeded, the next one prunes.
            LogPruneFailed(logger, accountId, ex);
        }

        var ranges = rooms.Sum(r => r.Calendar.Count);
        LogFlushed(logger, accountId, cells.Count, ranges, calls);
        return new CalendarFlushResult(accountId, cells.Count, ranges, calls, refused);
    }

    /// <summary>
    /// numAvail for every day whose override is being sent without one: the PMS's last value when we hold it, else
    /// Beds24's current value (one calendar read for all such rooms), so the override change never resets availability.
    /// </summary>
    private static async Task<IReadOnlyList<CalendarCell>> AvailabilityWithOverridesAsync(IBeds24Client client, IReadOnlyList<PendingRow> rows,
        IReadOnlyList<CalendarCell> cells, CancellationToken cancellationToken)
    {
        var sending = cells.Select(c => (c.RoomId, c.Date, c.Field)).ToHashSet();
        var needed = cells.Where(c => c.Field == CalendarFields.Override && !sending.Contains((c.RoomId, c.Date, CalendarFields.NumAvail)))
            .Select(c => (c.RoomId, c.Date, c.Version)).ToList();
        if (needed.Count == 0)
        {
            return [];
        }

        var added = new List<CalendarCell>();
        var byDay = rows.ToDictionary(r => (r.RoomId, r.Date));
        var unknown = new List<(long RoomId, DateOnly Date, long Version)>();
        foreach (var (roomId, date, version) in needed)
        {
            if (byDay.TryGetValue((roomId, date), out var row) && row.Fields.TryGetValue(CalendarFields.NumAvail, out var stored))
            {
                added.Add(new CalendarCell(roomId, date, CalendarFields.NumAvail, stored.Value, stored.Version));
            }
            else
            {
                unknown.Add((roomId, date, version));
            }
        }

        if (unknown.Count > 0)
        {
            var calendar = await client.GetCalendarAsync(new CalendarQuery
            {
                RoomIds = [.. unknown.Select(u => u.RoomId).Distinct()],
                StartDate = unknown.Min(u => u.Date),
                EndDate = unknown.Max(u => u.Date),
                IncludeNumAvail = true,
            }, cancellationToken).ConfigureAwait(false);
            var current = calendar.SelectMany(CalendarRanges.Expand).Where(d => d.NumAvail is not null)
                .GroupBy(d => (d.RoomId, d.Date)).ToDictionary(g => g.Key, g => g.Last().NumAvail!.Value);
            foreach (var (roomId, date, version) in unknown)
            {
                if (!current.TryGetValue((roomId, date), out var numAvail))
                {
                    throw new SyncFailureException($"Beds24 did not report numAvail for room {roomId} on {date:yyyy-MM-dd}; the override is not sent without it (it would reset availability).", true, DeadLetterCategories.Exhausted);
                }

                added.Add(new CalendarCell(roomId, date, CalendarFields.NumAvail, numAvail.ToString(System.Globalization.CultureInfo.InvariantCulture), version));
            }
        }

        return added;
    }

    private async Task DeadLetterRoomAsync(string accountId, Beds24.Api.Models.Beds24RoomCalendar room, Beds24.Api.Models.Beds24CalendarWriteResult result, CancellationToken cancellationToken)
    {
        var reason = string.Join("; ", result.Errors.Select(e => $"{e.Field}: {e.Message}"));
        await deadLetters.AddAsync(new DeadLetterMessage
        {
            MessageId = $"calendar-{accountId}-{room.RoomId}-{time.GetUtcNow().ToUnixTimeMilliseconds()}",
            Source = DeadLetterSource,
            Category = DeadLetterCategories.Permanent,
            Reason = $"Beds24 refused the calendar of room {room.RoomId}: {reason}. The values are kept (not sent); fix the cause, then replay this dead letter to send them again.",
            Attempts = 1,
            AccountId = accountId,
            Subject = $"room {room.RoomId}",
            OriginalMessage = JsonSerializer.Serialize(room.Calendar.Select(r => new { from = r.From, to = r.To, r.NumAvail, r.MinStay, r.MaxStay, r.Override, r.Prices })),
            DeadLetteredAt = time.GetUtcNow(),
        }, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Calendar flush of {AccountId}: {Cells} cells as {Ranges} ranges in {Calls} Beds24 call(s)")]
    private static partial void LogFlushed(ILogger logger, string accountId, int cells, int ranges, int calls);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Beds24 warned about the calendar of {AccountId} room {RoomId}: {Field}: {Warning}")]
    private static partial void LogWarning(ILogger logger, string accountId, long roomId, string field, string warning);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning old calendar cells of {AccountId} failed; the next flush tries again")]
    private static partial void LogPruneFailed(ILogger logger, string accountId, Exception exception);
}

public sealed record CalendarFlushResult(string AccountId, int Cells, int Ranges, int Beds24Calls, int RoomsRefused);
