using Beds24Sync.Guests;
using Beds24Sync.Pull;
using Beds24Sync.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Inbound;

/// <summary>Beds24 → PMS: webhook intake, inbound processing, pulls and guest matching.</summary>
public static class InboundServiceCollectionExtensions
{
    /// <summary>
    /// Registers the inbound flow and binds and validates its options at start-up (sections Webhook, Pull, Guests,
    /// Inbound). Needs what the composition root provides: storage clients, the Beds24 client factory, booking links,
    /// mappings, accounts, the conflict gate, the queue publisher, dead letters, secrets and telemetry. Safe to call twice.
    /// </summary>
    public static IServiceCollection AddBeds24Inbound(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(Registered)))
        {
            return services;
        }

        services.AddSingleton<Registered>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => !o.RequireSignature || (!string.IsNullOrWhiteSpace(o.SignatureHeaderName) && !string.IsNullOrWhiteSpace(o.TimestampHeaderName) && !string.IsNullOrWhiteSpace(o.SignatureSecretName)),
                "Webhook:RequireSignature needs Webhook:SignatureHeaderName, Webhook:TimestampHeaderName and Webhook:SignatureSecretName.")
            .ValidateOnStart();
        services.AddOptions<PullOptions>().BindConfiguration(PullOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.Lease > o.Overlap, "Pull:Lease must be longer than Pull:Overlap.")
            .ValidateOnStart();
        services.AddOptions<GuestOptions>().BindConfiguration(GuestOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<InboundOptions>().BindConfiguration(InboundOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        // Stores: the concrete types stay resolvable for callers that use them directly (status, CLI, tests).
        services.TryAddSingleton<WebhookEventStore>();
        services.TryAddSingleton<IWebhookEventStore>(sp => sp.GetRequiredService<WebhookEventStore>());
        services.TryAddSingleton<SyncCursorStore>();
        services.TryAddSingleton<ISyncCursorStore>(sp => sp.GetRequiredService<SyncCursorStore>());
        services.TryAddSingleton<GuestLinkStore>();
        services.TryAddSingleton<IGuestLinkStore>(sp => sp.GetRequiredService<GuestLinkStore>());

        services.TryAddSingleton<WebhookAccountGate>();
        services.TryAddSingleton<WebhookIntake>();
        services.TryAddSingleton<BookingWebhookSettingsCheck>();
        services.TryAddSingleton<GuestMatcher>();
        services.TryAddSingleton<InboundReadCoalescer>();
        services.TryAddSingleton<InboundProcessor>();
        services.TryAddSingleton<InboundQueueHandler>();
        services.TryAddSingleton<IncrementalPullService>();
        services.TryAddSingleton<FullPullService>();
        services.TryAddSingleton<FullPullPlanner>();
        return services;
    }

    /// <summary>Marks the registration done (AddBeds24Inbound is idempotent).</summary>
    private sealed class Registered;
}
