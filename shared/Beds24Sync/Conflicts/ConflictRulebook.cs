namespace Beds24Sync.Conflicts;

/// <summary>
/// Which side wins. Per property (PropertyMapping.ConflictRules): "default" (or empty) = OTA bookings → Beds24 wins,
/// direct bookings → PMS wins, anything else → operator; "manual" = always the operator.
/// </summary>
public static class ConflictRulebook
{
    private static readonly HashSet<string> DirectChannels = new(StringComparer.OrdinalIgnoreCase) { "direct", "pms", "walkin", "phone", "email" };

    /// <returns>The rule and the winning side (<see cref="ChangeOrigins"/>), or null winner when an operator decides.</returns>
    public static (string Rule, string? Winner) Decide(string? channel, string? propertyRules)
    {
        if (string.Equals(propertyRules?.Trim(), ConflictRules.Manual, StringComparison.OrdinalIgnoreCase))
        {
            return (ConflictRules.Manual, null);
        }

        if (string.IsNullOrWhiteSpace(channel) || string.Equals(channel, "beds24", StringComparison.OrdinalIgnoreCase))
        {
            return (ConflictRules.Manual, null);
        }

        return DirectChannels.Contains(channel) ? (ConflictRules.DirectPmsWins, ChangeOrigins.Pms) : (ConflictRules.OtaBeds24Wins, ChangeOrigins.Beds24);
    }
}
