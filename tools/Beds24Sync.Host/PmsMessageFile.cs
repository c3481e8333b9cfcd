using System.Text.Json.Nodes;
using Beds24Sync.Accounts;
using Beds24Sync.Storage;
using Beds24Sync.Validation;

namespace Beds24Sync.Host;

/// <summary>
/// A PMS message read from a file for <c>send</c>: checked against its published contract and the intakes' rules
/// (<see cref="PmsMessageRules"/>) before anything is queued (a message the engine would dead-letter for its content is
/// refused here, with the reasons), optionally re-addressed
/// to another account (the examples in docs/contracts name <c>harbour-group</c>; the demo's account is <c>demo</c>).
/// </summary>
public static class PmsMessageFile
{
    public const string Booking = "booking";
    public const string Calendar = "calendar";

    public static string QueueOf(string kind) => kind == Booking ? StorageNames.Queues.PushBookings : StorageNames.Queues.PushCalendar;

    /// <returns>The JSON to queue, or the reasons it cannot be.</returns>
    public static (string? Json, IReadOnlyList<string> Errors) Prepare(ContractValidator validator, string kind, string text, string? account)
    {
        ArgumentNullException.ThrowIfNull(validator);
        if (account is not null && !AccountIds.IsValid(account))
        {
            return (null, [$"--account '{account}' is not a valid account id ({AccountIds.Rule})."]);
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException ex)
        {
            return (null, [$"The file is not JSON: {ex.Message}"]);
        }

        if (node is not JsonObject message)
        {
            return (null, ["The file must hold one JSON object (one message)."]);
        }

        if (account is not null)
        {
            message["accountId"] = account;
        }

        var json = message.ToJsonString();
        var contract = kind == Booking ? ContractValidator.PmsBookingMessage : ContractValidator.PmsCalendarMessage;
        var errors = validator.Validate(contract, json);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        // The rules the intake applies next: a message it would only dead-letter is not queued either.
        return PmsMessageRules.ProblemOf(contract, json) is { } problem ? (null, [problem]) : (json, []);
    }
}
