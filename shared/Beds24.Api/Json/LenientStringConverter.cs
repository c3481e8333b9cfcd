using System.Text.Json;
using System.Text.Json.Serialization;

namespace Beds24.Api.Json;

/// <summary>
/// Beds24 sends some text fields as numbers (a phone like <c>123456789</c>, a postcode): read them as text
/// instead of failing the whole page. Unset text comes as <c>""</c> (a live response had <c>firstName: ""</c>,
/// <c>phone: ""</c>): read blank text as null, so it is never taken for a value.
/// </summary>
internal sealed class LenientStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString() is { } text && !string.IsNullOrWhiteSpace(text) ? text : null,
        JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray()),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => null,
        _ => SkipAndReturnNull(ref reader),
    };

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    private static string? SkipAndReturnNull(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }
}
