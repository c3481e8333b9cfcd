using System.Globalization;
using System.Text.Json;

namespace Beds24Sync.Webhooks;

/// <summary>
/// What we take from a Beds24 booking webhook: which booking, and a version marker. Version 2 sends
/// <c>{ timeStamp, booking: { id, propertyId, modifiedTime, … }, … }</c>; version 1 sends flat ids (<c>bookid</c>, <c>propid</c>).
/// The payload is only a hint: the booking is re-read from the API before anything is done.
/// </summary>
public sealed record WebhookPayload(long BookingId, long? PropertyId, string? VersionMarker, int PayloadVersion)
{
    /// <returns>The payload, or null with a reason when the body is not a booking webhook.</returns>
    public static WebhookPayload? Parse(ReadOnlySpan<byte> body, out string? error)
    {
        error = null;
        JsonDocument doc;
        try
        {
            var reader = new Utf8JsonReader(body);
            doc = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            error = "The body is not valid JSON: " + ex.Message;
            return null;
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "The body must be a JSON object.";
                return null;
            }

            if (root.TryGetProperty("booking", out var booking) && booking.ValueKind == JsonValueKind.Object)
            {
                if (ReadLong(booking, "id") is not { } id)
                {
                    error = "booking.id is missing or not a number.";
                    return null;
                }

                // The booking object itself marks the version: the same state delivered twice is one event, while two
                // changes within Beds24's one-second modifiedTime resolution still differ.
                var marker = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(booking.GetRawText())), 0, 16);
                return new WebhookPayload(id, ReadLong(booking, "propertyId"), marker, 2);
            }

            if ((ReadLong(root, "bookid") ?? ReadLong(root, "bookId") ?? ReadLong(root, "id")) is { } legacyId)
            {
                return new WebhookPayload(legacyId, ReadLong(root, "propid") ?? ReadLong(root, "propId"), Text(root, "status"), 1);
            }

            error = "No booking id found (expected booking.id or bookid).";
            return null;
        }
    }

    /// <summary>Version 1 as Beds24 sends it: a GET whose URL carries <c>bookid</c> and <c>status</c> (new, modify, cancel, message).</summary>
    public static WebhookPayload? FromQuery(IReadOnlyDictionary<string, string> query, out string? error)
    {
        error = null;
        if (!query.TryGetValue("bookid", out var text) || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
        {
            error = "bookid is missing or not a positive number.";
            return null;
        }

        var status = query.TryGetValue("status", out var s) ? s.Trim().ToLowerInvariant() : "";
        if (status.Length > 0 && status is not ("new" or "modify" or "cancel" or "message"))
        {
            error = "status must be new, modify, cancel or message.";
            return null;
        }

        long? propertyId = query.TryGetValue("propid", out var p) && long.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        return new WebhookPayload(id, propertyId, status.Length > 0 ? status : null, 1);
    }

    private static long? ReadLong(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var n) && n > 0 => n,
            JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0 => s,
            _ => null,
        };
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
