using System.Text.Json;
using System.Text.Json.Serialization;

namespace Beds24Sync.Contracts;

/// <summary>JSON for every message and stored document: camelCase, enums as strings, source-generated.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(PmsBookingMessage))]
[JsonSerializable(typeof(PmsCalendarMessage))]
[JsonSerializable(typeof(BookingChangedMessage))]
[JsonSerializable(typeof(InboundWorkItem))]
[JsonSerializable(typeof(DeadLetterMessage))]
[JsonSerializable(typeof(PmsReservation))]
public sealed partial class SyncJsonContext : JsonSerializerContext;

public static class SyncJson
{
    /// <summary>Options backed by <see cref="SyncJsonContext"/>, falling back to reflection for types added elsewhere.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(SyncJsonContext.Default.Options)
        {
            TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine(
                SyncJsonContext.Default, new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver()),
        };
        options.MakeReadOnly();
        return options;
    }

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T? Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options);
}
