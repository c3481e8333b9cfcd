using System.ComponentModel.DataAnnotations;

namespace Beds24Sync.Storage;

/// <summary>Azure Storage for queues and tables. Section <c>Storage</c>; locally the Azurite connection string.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>A connection string (Azurite locally), or empty when <see cref="QueueServiceUri"/>/<see cref="TableServiceUri"/> use managed identity.</summary>
    public string? ConnectionString { get; set; }

    public Uri? QueueServiceUri { get; set; }

    public Uri? TableServiceUri { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan WebhookEventRetention { get; set; } = TimeSpan.FromDays(7);
}
