using System.Globalization;
using System.Text.Json;

namespace Beds24Sync.Mapping;

/// <summary>
/// A file of property and room mappings for one account (<c>mappings import</c>): checked as a whole before anything
/// is written (ids present and positive, price slots 1–16, every room's property mapped in the file or already,
/// each Beds24 id used once), then saved property first. An import of the same file twice changes nothing.
/// </summary>
/// <example>
/// { "properties": [ { "pmsPropertyId": "HARBOUR", "beds24PropertyId": 5001, "countryCode": "GB", "currency": "GBP" } ],
///   "rooms": [ { "pmsPropertyId": "HARBOUR", "pmsRoomTypeId": "DBL", "beds24RoomId": 70001, "priceSlots": { "BAR": 1 } } ] }
/// </example>
public sealed record MappingImport
{
    public IReadOnlyList<PropertyRow> Properties { get; init; } = [];

    public IReadOnlyList<RoomRow> Rooms { get; init; } = [];

    public sealed record PropertyRow(string? PmsPropertyId, long? Beds24PropertyId, string? CountryCode = null, string? Currency = null, string? ConflictRules = null);

    /// <param name="Beds24PropertyId">Optional: taken from the room's property mapping; when given it must agree.</param>
    public sealed record RoomRow(string? PmsPropertyId, string? PmsRoomTypeId, long? Beds24RoomId, long? Beds24PropertyId = null, IReadOnlyDictionary<string, int>? PriceSlots = null);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    /// <returns>The import, or why the text is not one.</returns>
    public static (MappingImport? Import, string? Error) Parse(string text)
    {
        try
        {
            var import = JsonSerializer.Deserialize<MappingImport>(text, Json);
            return import is null ? (null, "The file holds null; expected { \"properties\": [...], \"rooms\": [...] }.") : (import, null);
        }
        catch (JsonException ex)
        {
            return (null, $"The file is not a mappings file ({ex.Path}: {ex.Message}); expected {{ \"properties\": [...], \"rooms\": [...] }}.");
        }
    }

    /// <summary>
    /// The mappings to save, or every reason the file cannot be imported (nothing is saved then). The account's
    /// current mappings count: a room's property may be mapped already, and a Beds24 id already mapped to another
    /// PMS id is refused here, before anything is written, as the store would refuse it halfway.
    /// </summary>
    public async Task<(IReadOnlyList<PropertyMapping> Properties, IReadOnlyList<RoomMapping> Rooms, IReadOnlyList<string> Errors)> PlanAsync(
        string accountId, IMappingStore existing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(existing);
        var errors = new List<string>();
        var properties = new List<PropertyMapping>();
        var byPms = new Dictionary<string, PropertyMapping>(StringComparer.Ordinal);
        var beds24Properties = new Dictionary<long, string>();
        for (var i = 0; i < Properties.Count; i++)
        {
            var row = Properties[i];
            var at = $"properties[{i}]";
            if (string.IsNullOrWhiteSpace(row.PmsPropertyId))
            {
                errors.Add($"{at}.pmsPropertyId is missing.");
                continue;
            }

            if (row.Beds24PropertyId is not > 0)
            {
                errors.Add($"{at}.beds24PropertyId must be a positive Beds24 property id (see: mappings beds24).");
                continue;
            }

            if (row.CountryCode is { } country && (country.Length != 2 || !country.All(char.IsAsciiLetter)))
            {
                errors.Add($"{at}.countryCode '{country}' must be an ISO 3166 two-letter code, e.g. GB.");
            }

            if (!byPms.TryAdd(row.PmsPropertyId, null!))
            {
                errors.Add($"{at}: PMS property '{row.PmsPropertyId}' appears twice.");
                continue;
            }

            if (beds24Properties.TryGetValue(row.Beds24PropertyId.Value, out var other))
            {
                errors.Add($"{at}: Beds24 property {row.Beds24PropertyId} is also given to PMS property '{other}'; mappings are one to one.");
                continue;
            }

            beds24Properties[row.Beds24PropertyId.Value] = row.PmsPropertyId;
            if (await existing.GetPropertyByBeds24IdAsync(accountId, row.Beds24PropertyId.Value, cancellationToken).ConfigureAwait(false) is { } holder
                && holder.PmsPropertyId != row.PmsPropertyId)
            {
                errors.Add($"{at}: Beds24 property {row.Beds24PropertyId} is already mapped to PMS property '{holder.PmsPropertyId}'; mappings are one to one.");
                continue;
            }

            var mapping = new PropertyMapping
            {
                AccountId = accountId,
                PmsPropertyId = row.PmsPropertyId,
                Beds24PropertyId = row.Beds24PropertyId.Value,
                CountryCode = row.CountryCode?.ToUpperInvariant(),
                Currency = row.Currency?.ToUpperInvariant(),
                ConflictRules = row.ConflictRules,
            };
            byPms[row.PmsPropertyId] = mapping;
            properties.Add(mapping);
        }

        var rooms = new List<RoomMapping>();
        var roomKeys = new HashSet<string>(StringComparer.Ordinal);
        var beds24Rooms = new Dictionary<long, string>();
        for (var i = 0; i < Rooms.Count; i++)
        {
            var row = Rooms[i];
            var at = $"rooms[{i}]";
            if (string.IsNullOrWhiteSpace(row.PmsPropertyId) || string.IsNullOrWhiteSpace(row.PmsRoomTypeId))
            {
                errors.Add($"{at}: pmsPropertyId and pmsRoomTypeId are required.");
                continue;
            }

            if (row.Beds24RoomId is not > 0)
            {
                errors.Add($"{at}.beds24RoomId must be a positive Beds24 room id (see: mappings beds24).");
                continue;
            }

            var property = byPms.GetValueOrDefault(row.PmsPropertyId)
                ?? await existing.GetPropertyByPmsIdAsync(accountId, row.PmsPropertyId, cancellationToken).ConfigureAwait(false);
            if (property is null)
            {
                errors.Add($"{at}: PMS property '{row.PmsPropertyId}' is not mapped (add it to \"properties\" or map it first).");
                continue;
            }

            if (row.Beds24PropertyId is { } given && given != property.Beds24PropertyId)
            {
                errors.Add($"{at}.beds24PropertyId {given} disagrees with PMS property '{row.PmsPropertyId}' → Beds24 property {property.Beds24PropertyId}.");
                continue;
            }

            var slots = row.PriceSlots ?? new Dictionary<string, int>();
            foreach (var (plan, slot) in slots)
            {
                if (plan.Length == 0 || slot is < 1 or > 16)
                {
                    errors.Add($"{at}.priceSlots: '{plan}' → {slot.ToString(CultureInfo.InvariantCulture)} must name a rate plan and a Beds24 price slot from 1 to 16.");
                }
            }

            if (!roomKeys.Add(row.PmsPropertyId + "\u001f" + row.PmsRoomTypeId))
            {
                errors.Add($"{at}: PMS room type '{row.PmsPropertyId}/{row.PmsRoomTypeId}' appears twice.");
                continue;
            }

            if (beds24Rooms.TryGetValue(row.Beds24RoomId.Value, out var otherRoom))
            {
                errors.Add($"{at}: Beds24 room {row.Beds24RoomId} is also given to PMS room type '{otherRoom}'; mappings are one to one.");
                continue;
            }

            beds24Rooms[row.Beds24RoomId.Value] = $"{row.PmsPropertyId}/{row.PmsRoomTypeId}";
            if (await existing.GetRoomByBeds24IdAsync(accountId, row.Beds24RoomId.Value, cancellationToken).ConfigureAwait(false) is { } taken
                && (taken.PmsPropertyId != row.PmsPropertyId || taken.PmsRoomTypeId != row.PmsRoomTypeId))
            {
                errors.Add($"{at}: Beds24 room {row.Beds24RoomId} is already mapped to PMS room type '{taken.PmsPropertyId}/{taken.PmsRoomTypeId}'; mappings are one to one.");
                continue;
            }

            rooms.Add(new RoomMapping
            {
                AccountId = accountId,
                PmsPropertyId = row.PmsPropertyId,
                PmsRoomTypeId = row.PmsRoomTypeId,
                Beds24PropertyId = property.Beds24PropertyId,
                Beds24RoomId = row.Beds24RoomId.Value,
                PriceSlots = slots,
            });
        }

        if (Properties.Count == 0 && Rooms.Count == 0)
        {
            errors.Add("The file maps nothing: give \"properties\" and/or \"rooms\".");
        }

        return errors.Count == 0 ? (properties, rooms, []) : ([], [], errors);
    }
}
