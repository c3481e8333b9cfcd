using Beds24Sync.Contracts;
using Beds24Sync.Core;
using Beds24Sync.Mapping;
using Beds24Sync.Push;
using Beds24Sync.Validation;

namespace Beds24Sync.Calendar;

/// <summary>
/// First step for a PMS calendar message: validate, map the room type and rate plan to a Beds24 room and price
/// slot, and merge the cells into CalendarPending (newer version per field wins). The flush sends them later, coalesced.
/// </summary>
public sealed class CalendarPushIntake(ContractValidator validator, IMappingStore mappings, CalendarPendingStore pending)
{
    public async Task<CalendarIntakeResult> AcceptAsync(string rawMessage, CancellationToken cancellationToken)
    {
        var errors = validator.Validate(ContractValidator.PmsCalendarMessage, rawMessage);
        if (errors.Count > 0)
        {
            throw SyncFailureException.Permanent("The calendar message does not match its contract: " + string.Join("; ", errors), DeadLetterCategories.Validation);
        }

        var message = SyncJson.Deserialize<PmsCalendarMessage>(rawMessage)!;
        if (PmsMessageRules.ProblemOf(message) is { } problem)
        {
            throw SyncFailureException.Permanent(problem, DeadLetterCategories.Validation);
        }

        var room = await mappings.GetRoomByPmsIdAsync(message.AccountId, message.PropertyId, message.RoomTypeId, cancellationToken).ConfigureAwait(false)
            ?? throw new MappingException($"No room mapping for PMS property '{message.PropertyId}' room type '{message.RoomTypeId}' in account '{message.AccountId}'. Add it to RoomMappings, then replay the dead letter.");
        var cells = CalendarMapper.ToCells(message, room);
        var changed = await pending.MergeAsync(message.AccountId, cells, cancellationToken).ConfigureAwait(false);
        return new CalendarIntakeResult(message.AccountId, cells.Count, changed);
    }
}

/// <param name="CellsChanged">Cells that were newer than what was stored (0 for a stale or duplicate message).</param>
public sealed record CalendarIntakeResult(string AccountId, int Cells, int CellsChanged);
