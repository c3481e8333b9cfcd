using System.Text.Json;
using Azure.Storage.Queues.Models;
using Beds24.Simulator;
using Beds24.Testing;
using Beds24Sync.Accounts;
using Beds24Sync.Calendar;
using Beds24Sync.Contracts;
using Beds24Sync.DeadLetters;
using Beds24Sync.Hosting;
using Beds24Sync.Mapping;
using Beds24Sync.Push;
using Beds24Sync.Queues;
using Beds24Sync.Secrets;
using Beds24Sync.Storage;
using Beds24Sync.Workflows;
using Beds24Sync.Workflows.Hosting;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Beds24Sync.IntegrationTests;

/// <summary>
/// The real engine (AddBeds24Sync) on Azurite and a fresh Beds24 simulator, with one account, a property and
/// two mapped rooms. Queue workers run on demand, calling what the hosts' queue triggers call: the push queues start
/// the shared workflows on a real Durable engine (in memory, started on first use), the inbound queue runs its
/// handler. Retry delays are short (the 5/25/125 s schedule is tested apart).
/// </summary>
internal sealed class SyncHarness : IAsyncDisposable
{
    public const string AccountId = "harbour";
    public const string WebhookSecret = "s3cret-header-value";
    public const string PmsProperty = "HARBOUR";
    public const string PmsDouble = "DBL";
    public const string PmsSuite = "STE";
    public static readonly IReadOnlyList<TimeSpan> FastRetries = [TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(200)];
    public static readonly DateOnly Future = DateOnly.FromDateTime(DateTime.UtcNow.Date).AddDays(30);

    private SyncHarness(ServiceProvider services, IReadOnlyDictionary<string, string?> settings, Beds24SimulatorServer simulator, int owner, long property, long doubleRoom, long suite)
    {
        Services = services;
        Settings = settings;
        Simulator = simulator;
        Owner = owner;
        Beds24PropertyId = property;
        DoubleRoomId = doubleRoom;
        SuiteRoomId = suite;
    }

    private readonly SemaphoreSlim engineLock = new(1, 1);
    private DurableTaskTestHost? engine;

    public ServiceProvider Services { get; }

    /// <summary>The configuration the engine was built with (storage, simulator, secrets): a host built from it sees the same state.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    public Beds24SimulatorServer Simulator { get; }

    public int Owner { get; }

    public long Beds24PropertyId { get; }

    public long DoubleRoomId { get; }

    public long SuiteRoomId { get; }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public static async Task<SyncHarness> StartAsync(AzuriteFixture azurite, SimulatorOptions? simulatorOptions = null,
        Dictionary<string, string?>? settings = null, string? conflictRules = null)
    {
        await azurite.ResetAsync();
        var simulator = await Beds24SimulatorServer.StartAsync(simulatorOptions ?? new SimulatorOptions { CreditLimit = 1_000_000m });
        var owner = simulator.State.CreateAccount("Harbour Group");
        var property = simulator.State.AddProperty(owner, "Harbour Hotel", "GB");
        var doubleRoom = simulator.State.AddRoom(property, "Double", qty: 5);
        var suite = simulator.State.AddRoom(property, "Suite", qty: 1);
        var config = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Beds24:BaseAddress"] = simulator.BaseAddress.ToString(),
            ["Beds24:Retry:BaseDelay"] = "00:00:00.010",
            ["Beds24:Retry:MaxRetries"] = "3",
            // Tests drain queues one message at a time, where a coalescing window only adds waiting; the credit test sets it.
            ["Inbound:HintCoalescingWindow"] = "00:00:00",
            // Booking writes still share calls when pushes run together (every push test runs through the batcher),
            // with a window short enough that one-at-a-time tests do not wait for it.
            ["Push:WriteCoalescingWindow"] = "00:00:00.050",
            [$"Secrets:{SecretNames.RefreshToken(AccountId)}"] = simulator.State.IssueRefreshToken(owner),
            ["Secrets:beds24-webhook-secret"] = WebhookSecret,
            ["Guests:HashKey"] = "integration-test-key",
            // The workflows' timings, shortened as the queue retries are (FastRetries).
            ["Workflows:RetryFirstInterval"] = "00:00:00.200",
            ["Workflows:RetryBackoffCoefficient"] = "1",
            ["Workflows:CalendarCoalescingWindow"] = "00:00:00",
            ["Workflows:CalendarRetryRoundDelay"] = "00:00:00.200",
        };
        foreach (var (key, value) in settings ?? [])
        {
            config[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(config).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddBeds24Sync(configuration)
            .AddBeds24WorkflowActivities()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var harness = new SyncHarness(services, config, simulator, owner, property, doubleRoom, suite);
        await harness.Get<StorageInitializer>().EnsureCreatedAsync(CancellationToken.None);
        await harness.Get<IAccountStore>().SaveAsync(new Beds24Account { AccountId = AccountId, RefreshTokenSecretName = SecretNames.RefreshToken(AccountId), PropertyIds = [property] }, CancellationToken.None);
        var mappings = harness.Get<IMappingStore>();
        await mappings.SavePropertyAsync(new PropertyMapping { AccountId = AccountId, PmsPropertyId = PmsProperty, Beds24PropertyId = property, CountryCode = "GB", ConflictRules = conflictRules }, CancellationToken.None);
        await mappings.SaveRoomAsync(new RoomMapping { AccountId = AccountId, PmsPropertyId = PmsProperty, PmsRoomTypeId = PmsDouble, Beds24PropertyId = property, Beds24RoomId = doubleRoom, PriceSlots = new Dictionary<string, int> { ["BAR"] = 1, ["NRF"] = 2 } }, CancellationToken.None);
        await mappings.SaveRoomAsync(new RoomMapping { AccountId = AccountId, PmsPropertyId = PmsProperty, PmsRoomTypeId = PmsSuite, Beds24PropertyId = property, Beds24RoomId = suite, PriceSlots = new Dictionary<string, int> { ["BAR"] = 1 } }, CancellationToken.None);
        return harness;
    }

    /// <summary>The Durable engine the push workflows run on (in memory, real replay and timers), started on first use.</summary>
    public async Task<DurableTaskClient> DurableAsync()
    {
        await engineLock.WaitAsync();
        try
        {
            engine ??= await StartEngineAsync(Services);
            return engine.Client;
        }
        finally
        {
            engineLock.Release();
        }
    }

    /// <summary>
    /// A DurableTaskTestHost running every workflow on <paramref name="services"/>. It picks its gRPC port itself before
    /// binding it, so a port taken meanwhile by another test's server fails the start (seen once in a full run): try again.
    /// </summary>
    public static async Task<DurableTaskTestHost> StartEngineAsync(IServiceProvider services)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await DurableTaskTestHost.StartAsync(registry => registry.AddBeds24Workflows(services));
            }
            catch (IOException ex) when (attempt < 5 && ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
            }
        }
    }

    /// <summary>The handler a host's queue trigger calls for <paramref name="queue"/>.</summary>
    public async Task<IQueueMessageHandler> HandlerAsync(string queue)
    {
        var workflows = Get<IOptions<WorkflowOptions>>().Value;
        return queue switch
        {
            StorageNames.Queues.PushBookings => new BookingPushStartHandler(Get<BookingPushIntake>(), await DurableAsync(), workflows),
            StorageNames.Queues.PushCalendar => new CalendarFlushStartHandler(Get<CalendarPushIntake>(), await DurableAsync(), workflows),
            _ => Services.GetServices<IQueueMessageHandler>().Single(h => h.QueueName == queue),
        };
    }

    public async Task<QueueWorker> WorkerAsync(string queue, IReadOnlyList<TimeSpan>? retryDelays = null, int parallelism = 1) => new(Get<StorageClients>(), await HandlerAsync(queue),
        Get<IDeadLetterStore>(), TimeProvider.System, NullLogger<QueueWorker>.Instance, retryDelays ?? FastRetries, parallelism: parallelism);

    /// <summary>
    /// Run the queue's worker until the queue is empty (including messages waiting out a retry delay) and, for the push
    /// queues, until every workflow it started has finished (retries, dead letters and follow-up versions included).
    /// </summary>
    /// <param name="parallelism">Messages of a receive handled at once (the local host and the Functions trigger use 16).</param>
    public async Task DrainAsync(string queue, TimeSpan? timeout = null, IReadOnlyList<TimeSpan>? retryDelays = null, int parallelism = 1)
    {
        var worker = await WorkerAsync(queue, retryDelays, parallelism);
        var client = Get<StorageClients>().Queue(queue);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            if (await worker.RunOnceAsync(32, CancellationToken.None) > 0)
            {
                continue;
            }

            QueueProperties properties = await client.GetPropertiesAsync();
            if (properties.ApproximateMessagesCount == 0 && !await AnyWorkflowRunningAsync())
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Queue {queue} did not drain; workflows still running: {string.Join(", ", await RunningWorkflowsAsync(10))}.");
    }

    private async Task<bool> AnyWorkflowRunningAsync() => (await RunningWorkflowsAsync(1)).Count > 0;

    private async Task<List<string>> RunningWorkflowsAsync(int max)
    {
        var running = new List<string>();
        if (engine is null)
        {
            return running;
        }

        var query = new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running], PageSize = max };
        await foreach (var instance in engine.Client.GetAllInstancesAsync(query))
        {
            running.Add($"{instance.InstanceId} ({instance.RuntimeStatus})");
            if (running.Count >= max)
            {
                break;
            }
        }

        return running;
    }

    /// <summary>
    /// Takes every calendar message into the pending cells without starting a flush, for tests of
    /// <see cref="CalendarFlushService"/> itself (the hosts' path is <see cref="DrainAsync"/>: intake, then the flush workflow).
    /// </summary>
    public async Task IntakeCalendarQueueAsync()
    {
        var worker = new QueueWorker(Get<StorageClients>(), new CalendarIntakeOnly(Get<CalendarPushIntake>()), Get<IDeadLetterStore>(), TimeProvider.System,
            NullLogger<QueueWorker>.Instance, FastRetries);
        while (await worker.RunOnceAsync(32, CancellationToken.None) > 0)
        {
        }
    }

    private sealed class CalendarIntakeOnly(CalendarPushIntake intake) : IQueueMessageHandler
    {
        public string QueueName => StorageNames.Queues.PushCalendar;

        public Task HandleAsync(string message, int attempt, CancellationToken cancellationToken) => intake.AcceptAsync(message, cancellationToken);

        public Task OnDeadLetteredAsync(string message, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    public Task SendAsync<T>(string queue, T message) => Get<IQueuePublisher>().SendAsync(queue, message);

    public Task SendRawAsync(string queue, string body) => Get<IQueuePublisher>().SendRawAsync(queue, body);

    /// <summary>Every message now on pms-inbound (peeked then removed).</summary>
    public async Task<List<BookingChangedMessage>> TakePmsMessagesAsync()
    {
        var queue = Get<StorageClients>().Queue(StorageNames.Queues.PmsInbound);
        var result = new List<BookingChangedMessage>();
        while (true)
        {
            QueueMessage[] batch = await queue.ReceiveMessagesAsync(32);
            if (batch.Length == 0)
            {
                return result;
            }

            foreach (var message in batch)
            {
                result.Add(SyncJson.Deserialize<BookingChangedMessage>(message.Body.ToString())!);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }
    }

    public async Task<List<DeadLetterRecord>> DeadLettersAsync() => await Get<IDeadLetterStore>().ListAsync(includeReplayed: true, CancellationToken.None).ToListAsync();

    public static PmsBookingMessage Booking(string reservationId, long version, string action = PmsBookingActions.Upsert, string status = PmsReservationStatuses.Confirmed,
        DateOnly? arrival = null, int nights = 2, string roomType = PmsDouble, decimal amount = 300m, string channel = "direct", int adults = 2) => new()
        {
            MessageId = $"{reservationId}-v{version}-{Guid.NewGuid():N}",
            Action = action,
            AccountId = AccountId,
            Version = version,
            Reservation = new PmsReservation
            {
                ReservationId = reservationId,
                PropertyId = PmsProperty,
                RoomTypeId = roomType,
                RatePlanId = "BAR",
                Status = status,
                Arrival = arrival ?? Future,
                Departure = (arrival ?? Future).AddDays(nights),
                Adults = adults,
                Guest = new PmsGuest { GuestId = "G-" + reservationId, FirstName = "Ann", LastName = "Guest", Email = "ann@example.com", Phone = "020 7946 0958", Country = "GB" },
                TotalAmount = amount,
                Currency = "EUR",
                Channel = channel,
            },
        };

    /// <summary>The PMS's calendar message that <paramref name="roomTypeId"/> is sold out on <see cref="Future"/>.</summary>
    public static PmsCalendarMessage SoldOut(string messageId, string roomTypeId) => new()
    {
        MessageId = messageId,
        AccountId = AccountId,
        Version = 1,
        PropertyId = PmsProperty,
        RoomTypeId = roomTypeId,
        From = Future,
        To = Future,
        Availability = 0,
    };

    public async ValueTask DisposeAsync()
    {
        if (engine is not null)
        {
            await engine.DisposeAsync();
        }

        engineLock.Dispose();
        await Services.DisposeAsync();
        await Simulator.DisposeAsync();
    }

    public static string Json<T>(T value) => JsonSerializer.Serialize(value, SyncJson.Options);
}
