using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Beds24Sync.Validation;

/// <summary>
/// Validates raw messages against the published JSON Schemas (docs/contracts, embedded in this assembly) before
/// anything is deserialised, so a bad message is refused with readable reasons instead of half-read.
/// </summary>
public sealed class ContractValidator
{
    public const string PmsBookingMessage = "pms-booking-message";
    public const string PmsCalendarMessage = "pms-calendar-message";
    public const string DeadLetterMessage = "dead-letter-message";
    public const string BookingChanged = "booking-changed";
    public const string InboundWorkItem = "inbound-work-item";

    private readonly ConcurrentDictionary<string, Lazy<JsonSchema>> _schemas = new(StringComparer.Ordinal);

    /// <returns>Readable errors; empty when the message is valid.</returns>
    public IReadOnlyList<string> Validate(string contract, string json)
    {
        try
        {
            using var _ = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            return [$"The message is not valid JSON: {ex.Message}"];
        }

        var schema = _schemas.GetOrAdd(contract, name => new Lazy<JsonSchema>(() => Load(name))).Value;
        return [.. schema.Validate(json).SelectMany(Describe)];
    }

    private static IEnumerable<string> Describe(ValidationError error)
    {
        var where = string.IsNullOrEmpty(error.Path) ? "#" : error.Path;
        yield return $"{where}: {Humanize(error.Kind)}";
        if (error is ChildSchemaValidationError child)
        {
            foreach (var inner in child.Errors.SelectMany(e => e.Value).SelectMany(Describe))
            {
                yield return inner;
            }
        }
    }

    /// <summary>"NoAdditionalPropertiesAllowed" → "no additional properties allowed".</summary>
    private static string Humanize(ValidationErrorKind kind)
    {
        var name = kind.ToString();
        var text = new System.Text.StringBuilder(name.Length + 8);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }

    private static JsonSchema Load(string contract)
    {
        var resource = $"contracts/{contract}.schema.json";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"No embedded contract schema '{resource}'.");
        using var reader = new StreamReader(stream);
        return JsonSchema.FromJsonAsync(reader.ReadToEnd()).GetAwaiter().GetResult();
    }
}
