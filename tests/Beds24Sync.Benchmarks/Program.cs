using System.Diagnostics;
using System.Text;
using Beds24.Simulator;
using Beds24.Testing;
using Beds24Sync.Accounts;
using Beds24Sync.Contracts;
using Beds24Sync.DeadLetters;
using Beds24Sync.Hosting;
using Beds24Sync.Mapping;
using Beds24Sync.Pull;
using Beds24Sync.Queues;
using Beds24Sync.Secrets;
using Beds24Sync.Storage;
using Beds24Sync.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

// Benchmarks: a harness that prints figures (run by hand: dotnet run -c Release --project tests/Beds24Sync.Benchmarks).
// Real Azurite (started here) and the Beds24 simulator on loopback; nothing leaves this machine.
var webhooks = args.Length > 0 && int.TryParse(args[0], out var w) ? w : 2000;
var pushes = args.Length > 1 && int.TryParse(args[1], out var p) ? p : 500;
var fullPull = args.Length > 2 && int.TryParse(args[2], out var f) ? f : 10_000;
var storm = args.Length > 3 && int.TryParse(args[3], out var s) ? s : 1000;
// --field-lists: the simulator answers writes as the spec shapes them (written fields, no booking), so every write is read back.
var fieldLists = args.Contains("--field-lists");
// --flat-write-cost: a POST /bookings costs 1.1 whatever its items (the other reading of the one live figure, 1.1 for
// one item); by default each written booking costs 0.1 on top of 1 per POST (the less kind reading).
var beds24 = new SimulatorOptions { WriteResultsAsFieldLists = fieldLists };
if (args.Contains("--flat-write-cost"))
{
    beds24 = beds24.WithFlatWriteCost();
}

// --batched-only: skip the one-call-per-change run (half the time, when only the batched figures are wanted).
var modes = args.Contains("--batched-only") ? new[] { ("batched", "00:00:01") } : [("one call per change", "00:00:00"), ("batched", "00:00:01")];

var azurite = new AzuriteFixture();
await azurite.InitializeAsync();
try
{
    await azurite.ResetAsync();
    await using var simulator = await Beds24SimulatorServer.StartAsync(new SimulatorOptions { CreditLimit = 10_000_000m });
    var owner = simulator.State.CreateAccount("Bench");
    var property = simulator.State.AddProperty(owner, "Bench Hotel");
    var room = simulator.State.AddRoom(property, "Double", qty: 100_000);
    var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Storage:ConnectionString"] = azurite.ConnectionString,
        ["Beds24:BaseAddress"] = simulator.BaseAddress.ToString(),
        [$"Secrets:{SecretNames.RefreshToken("bench")}"] = simulator.State.IssueRefreshToken(owner),
        ["Secrets:beds24-webhook-secret"] = "bench-secret",
        ["Guests:HashKey"] = "bench-key-123",
    }).Build();
    await using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
        .AddBeds24Sync(configuration).BuildServiceProvider();
    await services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(CancellationToken.None);
    await services.GetRequiredService<IAccountStore>().SaveAsync(new Beds24Account { AccountId = "bench", RefreshTokenSecretName = SecretNames.RefreshToken("bench"), PropertyIds = [property] }, CancellationToken.None);
    await services.GetRequiredService<IMappingStore>().SavePropertyAsync(new PropertyMapping { AccountId = "bench", PmsPropertyId = "P", Beds24PropertyId = property, CountryCode = "GB" }, CancellationToken.None);
    await services.GetRequiredService<IMappingStore>().SaveRoomAsync(new RoomMapping { AccountId = "bench", PmsPropertyId = "P", PmsRoomTypeId = "D", Beds24PropertyId = property, Beds24RoomId = room }, CancellationToken.None);
    var today = DateOnly.FromDateTime(DateTime.UtcNow.Date);

    // 1. Webhook intake: secret check, parse, idempotency record, enqueue — per request, in process.
    var intake = services.GetRequiredService<WebhookIntake>();
    var latencies = new List<double>(webhooks);
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < webhooks; i++)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"timeStamp":"2026-11-24T10:00:00Z","booking":{"id":{{9_000_000 + i}},"propertyId":{{property}},"status":"new"},"retries":0}""");
        var one = Stopwatch.StartNew();
        var response = await intake.HandleAsync(new WebhookRequest(new Dictionary<string, string> { ["X-Beds24-Secret"] = "bench-secret" },
            new Dictionary<string, string> { ["account"] = "bench" }, new MemoryStream(body), body.Length), CancellationToken.None);
        latencies.Add(one.Elapsed.TotalMilliseconds);
        if (response.Status != 200)
        {
            throw new InvalidOperationException($"webhook answered {response.Status}");
        }
    }

    clock.Stop();
    latencies.Sort();
    Console.WriteLine($"webhook intake: {webhooks} requests in {clock.Elapsed.TotalSeconds:F1} s = {webhooks / clock.Elapsed.TotalSeconds:F0}/s; " +
        $"p50 {latencies[webhooks / 2]:F2} ms, p99 {latencies[(int)(webhooks * 0.99)]:F2} ms");

    // 2. Push pipeline, side by side: one Beds24 call per change vs booking writes batched across reservations
    //    (Push:WriteCoalescingWindow) and by-id reads shared (Inbound:HintCoalescingWindow). PMS messages go through the
    //    workflow start handler and the booking push orchestrations on a real (in-memory) Durable engine, as in the hosts.
    Console.WriteLine($"local host side by side ({pushes} PMS creates as a burst, then {pushes / 5} modifications adding a night and {pushes / 5} price changes; an OTA storm of {storm} changes; credits per 5-minute window: 100; write answers {(fieldLists ? "as field lists (the spec), so writes are read back" : "carry the booking")}; a POST /bookings costs {beds24.BookingWriteRequestCost} + {beds24.BookingWriteCost} per booking):");
    foreach (var (mode, window) in modes)
    {
        var figures = await PushBenchmark.RunAsync(azurite, mode, window, pushes, storm, today, beds24);
        Console.WriteLine("  " + figures);
    }

    // 3. Full pull (nightly reconciliation) of N bookings: time and memory.
    simulator.State.SeedBookings(Enumerable.Range(0, fullPull).Select(i => new SimBooking { RoomId = room, Arrival = today.AddDays(i % 300), Departure = today.AddDays(i % 300 + 1), Channel = "booking" }));
    GC.Collect();
    var heapBefore = GC.GetTotalMemory(true);
    clock.Restart();
    var report = await services.GetRequiredService<FullPullService>().ReconcilePropertyAsync("bench", property, CancellationToken.None);
    clock.Stop();
    Console.WriteLine($"full pull: {report.BookingsInBeds24} bookings in {clock.Elapsed.TotalSeconds:F1} s ({report.Republished} sent to the PMS); " +
        $"heap growth {(GC.GetTotalMemory(false) - heapBefore) / 1048576.0:F0} MB, process peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MB");
}
finally
{
    await azurite.DisposeAsync();
}
