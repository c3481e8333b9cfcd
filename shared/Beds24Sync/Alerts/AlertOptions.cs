using System.ComponentModel.DataAnnotations;

namespace Beds24Sync.Alerts;

/// <summary>Section <c>Alerts</c>: where alert notifications go besides the log.</summary>
public sealed class AlertOptions
{
    public const string SectionName = "Alerts";

    /// <summary>Secret-store name of the webhook URL (Teams, Slack, PagerDuty…): the URL often embeds a token.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9-]{1,127}$", ErrorMessage = "Alerts:WebhookSecretName must be a Key Vault secret name (letters, digits, dashes).")]
    public string WebhookSecretName { get; set; } = "alert-webhook-url";

    /// <summary>How long one webhook POST may take; an alert must never hold up the flow that raised it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
