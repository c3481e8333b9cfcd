using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Beds24.Simulator;

/// <summary>The simulator's wire format, written by hand from the OpenAPI document (camelCase, nulls left out).</summary>
internal static class SimJson
{
    public static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A booking as GET /bookings and webhooks show it: unset text as <c>""</c> (live) unless switched off.</summary>
    public static JsonObject Booking(SimBooking b, SimulatorOptions options, bool includeInfoItems = false)
    {
        var o = new JsonObject
        {
            ["id"] = b.Id,
            ["propertyId"] = b.PropertyId,
            ["roomId"] = b.RoomId,
            ["status"] = b.Status,
            ["arrival"] = Date(b.Arrival),
            ["departure"] = Date(b.Departure),
            ["numAdult"] = b.NumAdult,
            ["numChild"] = b.NumChild,
            ["price"] = b.Price,
            ["deposit"] = b.Deposit,
            ["tax"] = b.Tax,
            ["commission"] = b.Commission,
            ["bookingTime"] = Time(b.BookingTime),
            ["modifiedTime"] = Time(b.ModifiedTime),
        };
        var empty = options.EmptyStringsForUnsetText;
        Put(o, "masterId", b.MasterId);
        Put(o, "unitId", b.UnitId);
        Put(o, "apiSourceId", b.ApiSourceId);
        Put(o, "subStatus", b.SubStatus); // an enum in the spec: no "" for it
        Text(o, "title", b.Title, empty);
        Text(o, "firstName", b.FirstName, empty);
        Text(o, "lastName", b.LastName, empty);
        Text(o, "email", b.Email, empty);
        Text(o, "phone", b.Phone, empty);
        Text(o, "mobile", b.Mobile, empty);
        Text(o, "company", b.Company, empty);
        Text(o, "address", b.Address, empty);
        Text(o, "city", b.City, empty);
        Text(o, "state", b.State, empty);
        Text(o, "postcode", b.Postcode, empty);
        Text(o, "country", b.Country, empty);
        Put(o, "country2", b.Country2);
        Put(o, "lang", b.Lang); // minLength 2 in the spec: no "" for it
        Text(o, "comments", b.Comments, empty);
        Text(o, "notes", b.Notes, empty);
        Text(o, "arrivalTime", null, empty);
        if (options.SendChannelField)
        {
            Put(o, "channel", b.Channel);
        }

        Text(o, "apiSource", b.ApiSource, empty);
        Text(o, "apiReference", b.ApiReference, empty);
        Text(o, "referer", b.Referer, empty);
        o["cancelTime"] = b.CancelTime is { } c ? Time(c) : null;
        if (includeInfoItems)
        {
            o["infoItems"] = new JsonArray([.. b.InfoItems.Select(i => (JsonNode)new JsonObject { ["id"] = i.Id, ["code"] = i.Code, ["text"] = i.Text })]);
        }

        return o;
    }

    /// <summary>newBooking's maxLength per text field (openapi-v2.yaml).</summary>
    public static readonly IReadOnlyDictionary<string, int> MaxLengths = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["title"] = 100,
        ["firstName"] = 100,
        ["lastName"] = 100,
        ["email"] = 100,
        ["phone"] = 100,
        ["mobile"] = 100,
        ["fax"] = 100,
        ["company"] = 100,
        ["address"] = 250,
        ["city"] = 100,
        ["state"] = 100,
        ["postcode"] = 100,
        ["country"] = 100,
        ["country2"] = 2,
        ["arrivalTime"] = 100,
        ["voucher"] = 100,
        ["comments"] = 1000,
        ["notes"] = 2000,
        ["message"] = 1000,
        ["groupNote"] = 5000,
        ["lang"] = 2,
        ["custom1"] = 1000,
        ["custom2"] = 1000,
        ["custom3"] = 1000,
        ["custom4"] = 1000,
        ["custom5"] = 1000,
        ["custom6"] = 1000,
        ["custom7"] = 1000,
        ["custom8"] = 1000,
        ["custom9"] = 1000,
        ["custom10"] = 1000,
    };

    /// <summary>Apply the fields of a POST /bookings item to a booking. Returns the names of fields it did not understand.</summary>
    public static SimBooking Apply(SimBooking b, JsonElement item, List<string> problems)
    {
        foreach (var p in item.EnumerateObject())
        {
            try
            {
                b = p.Name switch
                {
                    "id" or "actions" or "invoiceItems" or "bookingGroup" => b,
                    "infoItems" => b with { InfoItems = [.. b.InfoItems, .. InfoItemsOf(p.Value)] },
                    "roomId" => b with { RoomId = p.Value.GetInt64() },
                    "unitId" => b with { UnitId = NullableLong(p.Value) },
                    "masterId" => b with { MasterId = NullableLong(p.Value) },
                    "status" => b with { Status = p.Value.GetString() ?? b.Status },
                    "subStatus" => b with { SubStatus = Text(p.Value) },
                    "arrival" => b with { Arrival = DateOnly.ParseExact(p.Value.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture) },
                    "departure" => b with { Departure = DateOnly.ParseExact(p.Value.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture) },
                    "numAdult" => b with { NumAdult = p.Value.GetInt32() },
                    "numChild" => b with { NumChild = p.Value.GetInt32() },
                    "title" => b with { Title = Text(p.Value) },
                    "firstName" => b with { FirstName = Text(p.Value) },
                    "lastName" => b with { LastName = Text(p.Value) },
                    "email" => b with { Email = Text(p.Value) },
                    "phone" => b with { Phone = Text(p.Value) },
                    "mobile" => b with { Mobile = Text(p.Value) },
                    "company" => b with { Company = Text(p.Value) },
                    "address" => b with { Address = Text(p.Value) },
                    "city" => b with { City = Text(p.Value) },
                    "state" => b with { State = Text(p.Value) },
                    "postcode" => b with { Postcode = Text(p.Value) },
                    "country" => b with { Country = Text(p.Value) },
                    "country2" => b with { Country2 = Text(p.Value) },
                    "lang" => b with { Lang = Text(p.Value) },
                    "comments" or "comment" => b with { Comments = Text(p.Value) },
                    "notes" => b with { Notes = Text(p.Value) },
                    "price" => b with { Price = p.Value.GetDecimal() },
                    "deposit" => b with { Deposit = p.Value.GetDecimal() },
                    "tax" => b with { Tax = p.Value.GetDecimal() },
                    "commission" => b with { Commission = p.Value.GetDecimal() },
                    "channel" => b with { Channel = Text(p.Value) },
                    "apiSource" => b with { ApiSource = Text(p.Value) },
                    "apiReference" => b with { ApiReference = Text(p.Value) },
                    "referer" => b with { Referer = Text(p.Value) },
                    _ => b,
                };
            }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException or JsonException)
            {
                problems.Add(p.Name);
            }
        }

        return b;
    }

    public static JsonObject Error(int code, string message) => new()
    {
        ["success"] = false,
        ["type"] = "error",
        ["code"] = code,
        ["error"] = message,
    };

    public static JsonObject Problem(string action, string? field, string message)
    {
        var o = new JsonObject { ["action"] = action, ["message"] = message };
        if (field is not null)
        {
            o["field"] = field;
        }

        return o;
    }

    private static void Put(JsonObject o, string name, string? value)
    {
        if (value is not null)
        {
            o[name] = value;
        }
    }

    private static void Put(JsonObject o, string name, long? value)
    {
        if (value is not null)
        {
            o[name] = value;
        }
    }

    private static void Text(JsonObject o, string name, string? value, bool emptyForUnset)
    {
        if (value is not null)
        {
            o[name] = value;
        }
        else if (emptyForUnset)
        {
            o[name] = "";
        }
    }

    private static void Put(JsonObject o, string name, int? value)
    {
        if (value is not null)
        {
            o[name] = value;
        }
    }

    private static long _nextInfoItem = 400_000;

    // POSTed info items are added to the booking (Beds24 creates an item for each one without an id).
    private static IEnumerable<SimInfoItem> InfoItemsOf(JsonElement items)
    {
        if (items.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("infoItems must be an array");
        }

        foreach (var item in items.EnumerateArray())
        {
            var code = item.TryGetProperty("code", out var c) ? Text(c) ?? "" : "";
            var text = item.TryGetProperty("text", out var t) ? Text(t) ?? "" : "";
            yield return new SimInfoItem(Interlocked.Increment(ref _nextInfoItem), code, text);
        }
    }

    private static string? Text(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => e.GetString(),
        _ => e.GetRawText(),
    };

    private static long? NullableLong(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetInt64();
}
