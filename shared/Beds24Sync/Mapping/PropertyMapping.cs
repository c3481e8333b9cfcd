namespace Beds24Sync.Mapping;

/// <summary>PMS property ↔ Beds24 property (table <c>PropertyMappings</c>).</summary>
public sealed record PropertyMapping
{
    public required string AccountId { get; init; }
    public required string PmsPropertyId { get; init; }
    public required long Beds24PropertyId { get; init; }
    /// <summary>ISO 3166-1 alpha-2: default region for phone numbers without a country code.</summary>
    public string? CountryCode { get; init; }
    public string? Currency { get; init; }
    /// <summary>Conflict rule overrides for this property (see Conflicts); null = defaults.</summary>
    public string? ConflictRules { get; init; }
}
