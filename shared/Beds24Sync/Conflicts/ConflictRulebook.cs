namespace Beds24Sync.Conflicts;

/// <summary>
/// Which side wins a conflict, per property (<see cref="Mapping.PropertyMapping.ConflictRules"/>).
/// <para>A booking is <c>ota</c> when its channel names an OTA (booking, expedia, airbnb, …), <c>direct</c> when the
/// channel is direct/pms/walkin/phone/email, and <c>other</c> when it is empty or "beds24" (made in Beds24 by hand).</para>
/// <para>The setting: empty or <c>default</c> = <c>ota=beds24;direct=pms;other=manual</c>; <c>manual</c> = an operator
/// decides every conflict; otherwise a list of <c>category=winner</c> pairs (category ota, direct or other; winner
/// beds24, pms or manual) separated by ';' or ',', e.g. <c>ota=manual</c> — unlisted categories keep the default.
/// A setting that cannot be read sends every conflict to an operator (never guess a winner).</para>
/// </summary>
public static class ConflictRulebook
{
    public const string Ota = "ota";
    public const string Direct = "direct";
    public const string Other = "other";
    public const string ManualWinner = "manual";

    private static readonly HashSet<string> DirectChannels = new(StringComparer.OrdinalIgnoreCase) { "direct", "pms", "walkin", "phone", "email" };

    private static readonly IReadOnlyDictionary<string, string> Defaults = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Ota] = ChangeOrigins.Beds24,
        [Direct] = ChangeOrigins.Pms,
        [Other] = ManualWinner,
    };

    /// <returns>The rule and the winning side (<see cref="ChangeOrigins"/>), or null winner when an operator decides.</returns>
    public static (string Rule, string? Winner) Decide(string? channel, string? propertyRules)
    {
        if (!TryParse(propertyRules, out var rules, out _) || rules is null)
        {
            return (ConflictRules.Manual, null);
        }

        var category = CategoryOf(channel);
        var winner = rules[category];
        if (winner == ManualWinner)
        {
            return (category == Other || rules.Values.All(w => w == ManualWinner) ? ConflictRules.Manual : $"{category}-manual", null);
        }

        return ($"{category}-{winner}-wins", winner);
    }

    /// <summary>ota, direct or other (see the class summary).</summary>
    public static string CategoryOf(string? channel) =>
        string.IsNullOrWhiteSpace(channel) || string.Equals(channel, "beds24", StringComparison.OrdinalIgnoreCase) ? Other
        : DirectChannels.Contains(channel) ? Direct
        : Ota;

    /// <summary>Reads a property's setting; <paramref name="error"/> says what is wrong when it cannot be read.</summary>
    /// <param name="rules">category → winner (beds24, pms or manual) for ota, direct and other.</param>
    public static bool TryParse(string? setting, out IReadOnlyDictionary<string, string>? rules, out string? error)
    {
        var result = new Dictionary<string, string>(Defaults, StringComparer.Ordinal);
        rules = result;
        error = null;
        var text = setting?.Trim();
        if (string.IsNullOrEmpty(text) || text.Equals("default", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (text.Equals(ManualWinner, StringComparison.OrdinalIgnoreCase))
        {
            foreach (var key in Defaults.Keys)
            {
                result[key] = ManualWinner;
            }

            return true;
        }

        foreach (var part in text.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            var category = pair[0].ToLowerInvariant();
            var winner = pair.Length == 2 ? pair[1].ToLowerInvariant() : "";
            if (!Defaults.ContainsKey(category) || winner is not (ChangeOrigins.Beds24 or ChangeOrigins.Pms or ManualWinner))
            {
                rules = null;
                error = $"Conflict rule '{part}' is not understood: use category=winner with category ota, direct or other and winner beds24, pms or manual (e.g. \"ota=beds24;direct=pms;other=manual\"), or just \"manual\".";
                return false;
            }

            result[category] = winner;
        }

        return true;
    }
}
