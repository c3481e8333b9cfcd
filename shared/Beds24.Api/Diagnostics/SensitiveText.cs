using System.Text.RegularExpressions;

namespace Beds24.Api.Diagnostics;

/// <summary>
/// Keeps personal data and secrets out of logs and exception messages. Beds24's error texts may echo what was
/// sent (an email, a phone number), so every free text from Beds24 passes through <see cref="Scrub"/>.
/// </summary>
internal static partial class SensitiveText
{
    public const string Mask = "***";

    // Parameter names whose values are personal or secret wherever they appear (query or header).
    private static readonly string[] SensitiveNameParts = ["token", "email", "phone", "mobile", "search", "secret", "password", "name", "code", "address"];

    /// <summary>True when a query parameter or header called <paramref name="name"/> carries personal data or a secret.</summary>
    public static bool IsSensitiveName(string name) =>
        SensitiveNameParts.Any(part => name.Contains(part, StringComparison.OrdinalIgnoreCase))
        && !name.Equals("propertyName", StringComparison.OrdinalIgnoreCase);

    /// <summary>Replaces emails and phone-like numbers in <paramref name="text"/> with <c>***</c>.</summary>
    public static string Scrub(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var scrubbed = Email().Replace(text, Mask);
        return Phone().Replace(scrubbed, Mask);
    }

    [GeneratedRegex(@"[^\s@""'<>(),;:]+@[^\s@""'<>(),;:]+\.[^\s@""'<>(),;:]+", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    // A number starting with + (international), or a run of 10+ digits possibly split by spaces, dots, dashes or
    // brackets. Booking and room ids (up to 9 digits, never split) and timestamps (digits next to ':') stay readable.
    [GeneratedRegex(@"\+\d[\d\s().-]{5,}\d|(?<![\d:])\(?\d(?:[\s().-]*\d){9,}(?![\d:])", RegexOptions.CultureInvariant)]
    private static partial Regex Phone();
}
