using System.Text.Json;
using Beds24.Api;
using Beds24Sync.Contracts;
using Beds24Sync.DeadLetters;
using Beds24Sync.Push;
using Microsoft.Extensions.Logging;

namespace Beds24Sync.Calendar;

/// <summary>
/// Sends an account's unsent calendar cells to Beds24 in as few POST /inventory/rooms/calendar calls as possible
/// (many rooms and ranges per call), then marks exactly the versions sent. A room Beds24 refuses is dead-lettered
/// with its cells and reason; a transient failure leaves everything unsent for the next flush.
/// </summary>
public sealed partial class CalendarFlushService(CalendarPendingStore pending, IBeds24ClientFactory beds24, IDeadLetterStore deadLetters,
    Operations.ISyncTelemetry telemetry, TimeProvider time, ILogger<CalendarFlushService> logger)
{
    public const int RoomsPerCall = 50;

    public async Task<CalendarFlushResult> FlushAsync(string accountId, CancellationToken cancellationToken)
    {
        var rows = await pending.ReadUnsentAsync(accountId, cancellationToken).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return new CalendarFlushResult(accountId, 0, 0, 0, 0);
        }

        var started = time.GetTimestamp();
        var cells = rows.SelectMany(r => r.Fields.Where(f => !f.Value.Sent).Select(f => new CalendarCell(r.RoomId, r.Date, f.Key, f.Value.Value, f.Value.Version))).ToList();
        var rooms = CalendarCoalescer.ToRoomCalendars(cells);
        var client = beds24.GetClient(accountId);
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
                        await DeadLetterRoomAsync(accountId, chunk[i], result, cancellationToken).ConfigureAwait(false);
                    }
                }

                var sentRooms = chunk.Select(r => r.RoomId).ToHashSet();
                await pending.MarkSentAsync(accountId, [.. rows.Where(r => sentRooms.Contains(r.RoomId))], cancellationToken).ConfigureAwait(false);
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

    private async Task DeadLetterRoomAsync(string accountId, Beds24.Api.Models.Beds24RoomCalendar room, Beds24.Api.Models.Beds24CalendarWriteResult result, CancellationToken cancellationToken)
    {
        var reason = string.Join("; ", result.Errors.Select(e => $"{e.Field}: {e.Message}"));
        await deadLetters.AddAsync(new DeadLetterMessage
        {
            MessageId = $"calendar-{accountId}-{room.RoomId}-{time.GetUtcNow().ToUnixTimeMilliseconds()}",
            Source = "calendar-flush",
            Category = DeadLetterCategories.Permanent,
            Reason = $"Beds24 refused the calendar of room {room.RoomId}: {reason}",
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
