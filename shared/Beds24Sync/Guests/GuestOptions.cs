using System.ComponentModel.DataAnnotations;

namespace Beds24Sync.Guests;

/// <summary>Section <c>Guests</c>. Emails and phones are stored only as keyed hashes.</summary>
public sealed class GuestOptions
{
    public const string SectionName = "Guests";

    /// <summary>
    /// Key of the HMAC over emails and phones in GuestLinks: a random value per deployment, no default (a known key would
    /// make the hashes guessable). Changing it makes every stored hash stop matching.
    /// </summary>
    [Required, MinLength(8)]
    public string HashKey { get; set; } = "";
}
