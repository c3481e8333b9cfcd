using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Beds24.Api;
using Beds24.Api.Auth;
using Beds24.Api.Credits;
using Beds24Sync.Accounts;
using Beds24Sync.Alerts;
using Beds24Sync.BookingLinks;
using Beds24Sync.Calendar;
using Beds24Sync.Conflicts;
using Beds24Sync.DeadLetters;
using Beds24Sync.Guests;
using Beds24Sync.Inbound;
using Beds24Sync.Mapping;
using Beds24Sync.Pull;
using Beds24Sync.Push;
using Beds24Sync.Queues;
using Beds24Sync.Secrets;
using Beds24Sync.Storage;
using Beds24Sync.Validation;
using Beds24Sync.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Hosting;

/// <summary>The composition root of the sync engine, shared by the Functions app and the local host.</summary>
public static class Beds24SyncServiceCollectionExtensions
{
    public static IServiceCollection AddBeds24Sync(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();

        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString) || (o.QueueServiceUri is not null && o.TableServiceUri is not null),
                "Set Storage:ConnectionString (UseDevelopmentStorage=true for Azurite) or both Storage:QueueServiceUri and Storage:TableServiceUri.")
            .ValidateOnStart();
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PullOptions>().BindConfiguration(PullOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => IsCron(o.IncrementalSchedule) && IsCron(o.FullSchedule), "Pull:IncrementalSchedule and Pull:FullSchedule must be cron expressions with seconds, e.g. '0 */5 * * * *'.")
            .ValidateOnStart();
        services.AddOptions<GuestOptions>().BindConfiguration(GuestOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SecretStoreOptions>().BindConfiguration(SecretStoreOptions.SectionName);
        services.AddOptions<ConflictWorkflowOptions>().BindConfiguration(ConflictWorkflowOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.EscalateAfter > o.ReminderAfter, "Conflicts:EscalateAfter must be longer than Conflicts:ReminderAfter.").ValidateOnStart();

        // Storage
        services.TryAddSingleton<StorageClients>();
        services.TryAddSingleton<StorageInitializer>();
        services.TryAddSingleton<IQueuePublisher, AzureQueuePublisher>();
        services.TryAddSingleton<IBookingLinkStore, TableBookingLinkStore>();
        services.TryAddSingleton<IMappingStore, TableMappingStore>();
        services.TryAddSingleton<IAccountStore, TableAccountStore>();
        services.TryAddSingleton<IDeadLetterStore, TableDeadLetterStore>();
        services.TryAddSingleton<IConflictStore, TableConflictStore>();
        services.TryAddSingleton<CalendarPendingStore>();
        services.TryAddSingleton<WebhookEventStore>();
        services.TryAddSingleton<SyncCursorStore>();
        services.TryAddSingleton<GuestLinkStore>();

        // Secrets: Key Vault when configured, else configuration + a local file.
        services.TryAddSingleton<ISecretStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SecretStoreOptions>>();
            return options.Value.KeyVaultUri is { } vault
                ? new KeyVaultSecretStore(new SecretClient(vault, new DefaultAzureCredential()), options, sp.GetRequiredService<TimeProvider>())
                : new ConfigurationSecretStore(configuration, options);
        });
        services.TryAddSingleton<IBeds24RefreshTokenSource, SecretStoreRefreshTokenSource>();

        // Beds24 client with the credit budget shared through the Beds24Accounts table.
        services.TryAddSingleton<ICreditBudgetStore, TableCreditBudgetStore>();
        services.AddBeds24Client();

        // Alerts
        services.TryAddSingleton<LoggingAlertNotifier>();
        services.TryAddSingleton<IAlertNotifier, WebhookAlertNotifier>();
        services.TryAddSingleton<AlertEvaluator>();
        services.TryAddSingleton<Operations.SyncTelemetry>();

        // Flows
        services.TryAddSingleton<ContractValidator>();
        services.TryAddSingleton<IConflictGate, ConflictGate>();
        services.TryAddSingleton<BookingPushIntake>();
        services.TryAddSingleton<BookingPushService>();
        services.TryAddSingleton<PendingPushSweeper>();
        services.TryAddSingleton<CalendarPushIntake>();
        services.TryAddSingleton<CalendarFlushService>();
        services.TryAddSingleton<GuestMatcher>();
        services.TryAddSingleton<InboundProcessor>();
        services.TryAddSingleton<WebhookIntake>();
        services.TryAddSingleton<IncrementalPullService>();
        services.TryAddSingleton<FullPullService>();
        services.TryAddSingleton<ConflictResolutionService>();
        services.TryAddSingleton<ConflictsApi>();
        services.TryAddSingleton<ConflictTimeoutSweeper>();
        services.TryAddSingleton<QueueMessageProcessor>(sp => new QueueMessageProcessor(sp.GetRequiredService<IDeadLetterStore>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<Operations.StatusService>();
        services.TryAddSingleton<Operations.HealthService>();

        // Queue handlers (the local host runs a QueueWorker per handler; Functions use triggers instead).
        services.TryAddSingleton<BookingPushQueueHandler>();
        services.TryAddSingleton<CalendarPushQueueHandler>();
        services.TryAddSingleton<InboundQueueHandler>();
        services.AddSingleton<IQueueMessageHandler>(sp => sp.GetRequiredService<BookingPushQueueHandler>());
        services.AddSingleton<IQueueMessageHandler>(sp => sp.GetRequiredService<CalendarPushQueueHandler>());
        services.AddSingleton<IQueueMessageHandler>(sp => sp.GetRequiredService<InboundQueueHandler>());
        return services;
    }

    private static bool IsCron(string expression)
    {
        try
        {
            Cronos.CronExpression.Parse(expression, Cronos.CronFormat.IncludeSeconds);
            return true;
        }
        catch (Cronos.CronFormatException)
        {
            return false;
        }
    }
}
