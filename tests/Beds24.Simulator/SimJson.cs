using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Beds24.Simulator;

/// <summary>The simulator's wire format, written by hand from the OpenAPI document (camelCase, nulls left out).</summary>
internal static class SimJson
{
    public static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static JsonObject Booking(SimBooking b)
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
        Put(o, "masterId", b.MasterId);
        Put(o, "unitId", b.UnitId);
        Put(o, "subStatus", b.SubStatus);
        Put(o, "title", b.Title);
        Put(o, "firstName", b.FirstName);
        Put(o, "lastName", b.LastName);
        Put(o, "email", b.Email);
        Put(o, "phone", b.Phone);
        Put(o, "mobile", b.Mobile);
        Put(o, "company", b.Company);
        Put(o, "address", b.Address);
        Put(o, "city", b.City);
        Put(o, "state", b.State);
        Put(o, "postcode", b.Postcode);
        Put(o, "country", b.Country);
        Put(o, "lang", b.Lang);
        Put(o, "comments", b.Comments);
        Put(o, "notes", b.Notes);
        Put(o, "channel", b.Channel);
        Put(o, "apiSource", b.ApiSource);
        Put(o, "apiReference", b.ApiReference);
        Put(o, "referer", b.Referer);
        o["cancelTime"] = b.CancelTime is { } c ? Time(c) : null;
        return o;
    }

    /// <summary>Apply the fields of a POST /bookings item to a booking. Returns the names of fields it did not understand.</summary>
    public static SimBooking Apply(SimBooking b, JsonElement item, List<string> problems)
    {
        foreach (var p in item.EnumerateObject())
        {
            try
            {
                b = p.Name switch
                {
                    "id" or "actions" or "invoiceItems" or "infoItems" or "bookingGroup" => b,
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

    private static string? Text(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => e.GetString(),
        _ => e.GetRawText(),
    };

    private static long? NullableLong(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetInt64();
}
