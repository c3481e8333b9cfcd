using System.Text.Json;
using System.Text.Json.Serialization;
using Beds24.Api.Models;

namespace Beds24.Api.Json;

/// <summary>
/// Source-generated JSON for the Beds24 wire format: camelCase, unknown fields ignored, numbers read from strings
/// (Beds24 sends ids and prices either way), text read from numbers (a phone sent as 123456789), and dates that
/// are empty, zero or not dates at all read as null.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    Converters = [typeof(LenientStringConverter), typeof(LenientDateTimeOffsetConverter), typeof(LenientDateOnlyConverter)])]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(TokenDetailsResponse))]
[JsonSerializable(typeof(BookingsPage))]
[JsonSerializable(typeof(PropertiesPage))]
[JsonSerializable(typeof(CalendarPage))]
[JsonSerializable(typeof(IReadOnlyList<WriteResultWire>))]
[JsonSerializable(typeof(WriteResultWire))]
[JsonSerializable(typeof(IReadOnlyList<Beds24Booking>))]
internal sealed partial class Beds24JsonContext : JsonSerializerContext;
