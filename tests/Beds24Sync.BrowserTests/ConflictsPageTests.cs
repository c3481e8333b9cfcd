using Azure.Storage.Queues.Models;
using Beds24.Testing;
using Beds24Sync.BookingLinks;
using Beds24Sync.Conflicts;
using Beds24Sync.Contracts;
using Beds24Sync.Host;
using Beds24Sync.Operator;
using Beds24Sync.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Beds24Sync.BrowserTests;

/// <summary>The operator's conflicts page in headless Debian Chromium, served by the real local host on Azurite.</summary>
[Collection(TestCollections.Azurite)]
public sealed class ConflictsPageTests(AzuriteFixture azurite, ITestOutputHelper output) : IAsyncLifetime
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private const string Account = "demo";
    private static readonly DateOnly Arrival = new(2030, 5, 1);
    private readonly string _screenshots = Path.Combine(Path.GetTempPath(), "beds24-screenshots", Guid.NewGuid().ToString("N")[..8]);
    private WebApplication _app = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private string _baseUrl = "";
    private string _token = "";

    /// <summary>The page as serve prints it: the operator token in the link's fragment.</summary>
    private string PageUrl => $"{_baseUrl}/conflicts#token={_token}";

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath), "Debian chromium is required (scripts/test.sh installs it with apt-get).");
        await azurite.ResetAsync();
        (_app, _) = await LocalSystem.BuildAsync([], useSimulator: false, port: 0, simulatorPort: 0,
            new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = azurite.ConnectionString,
                ["Beds24:BaseAddress"] = "http://127.0.0.1:9/v2/",
                ["SecretStore:LocalFile"] = Path.Combine(Path.GetTempPath(), $"beds24-browser-{Guid.NewGuid():N}.json"),
            }, runBackgroundWork: false);
        await _app.StartAsync();
        _baseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _token = _app.Services.GetRequiredService<IOptions<OperatorAccessOptions>>().Value.Token!;
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        Directory.CreateDirectory(_screenshots);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _app.DisposeAsync();
    }

    private T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    private static PmsReservation Pms(string reservation, int nights = 2, decimal amount = 300m) => new()
    {
        ReservationId = reservation,
        PropertyId = "HARBOUR",
        RoomTypeId = "DBL",
        Status = "confirmed",
        Arrival = Arrival,
        Departure = Arrival.AddDays(nights),
        Adults = 2,
        TotalAmount = amount,
        Channel = "booking",
    };

    /// <summary>A conflict as the gate records it: the PMS says 2 nights for 300, Beds24 says 4 nights for 420.</summary>
    private static ConflictRecord Conflict(string reservation, DateTimeOffset detected, string type = "dates", string property = "HARBOUR") => new()
    {
        ConflictId = ConflictIds.New(Account, reservation, detected),
        AccountId = Account,
        ReservationId = reservation,
        Beds24BookingId = 9_000_123,
        PropertyId = property,
        Channel = "booking",
        Origin = ChangeOrigins.Pms,
        Type = type,
        Differences = [new FieldDifference("departure", "2030-05-03", "2030-05-05"), new FieldDifference("amount", "300.00", "420.00")],
        Fields =
        [
            new ComparedField("status", "confirmed", "confirmed", false),
            new ComparedField("arrival", "2030-05-01", "2030-05-01", false),
            new ComparedField("departure", "2030-05-03", "2030-05-05", true),
            new ComparedField("room", "70001", "70001", false),
            new ComparedField("amount", "300.00", "420.00", true),
            new ComparedField("guests", "2+0", "2+0", false),
        ],
        Rule = ConflictRules.Manual,
        Status = ConflictStatuses.Open,
        PmsSnapshot = SyncJson.Serialize(Pms(reservation)),
        PmsVersion = 2,
        Beds24Snapshot = """{"id":9000123,"roomId":70001,"status":"confirmed","arrival":"2030-05-01","departure":"2030-05-05","numAdult":2,"numChild":0,"price":420}""",
        DetectedAt = detected,
        History = [new ConflictAuditEntry(detected, "system", "Detected: a pms change met a change on the other side; differs in departure, amount; rule manual.")],
    };

    /// <summary>The booking link with the PMS change (version 2) held by the conflict.</summary>
    private async Task LinkWithHeldChangeAsync(string reservation) =>
        await Get<IBookingLinkStore>().SaveAsync(new BookingLink
        {
            AccountId = Account,
            ReservationId = reservation,
            Beds24BookingId = 9_000_123,
            PmsVersion = 1,
            PendingVersion = 2,
            PendingMessage = SyncJson.Serialize(new PmsBookingMessage { MessageId = "m-2", Action = PmsBookingActions.Upsert, AccountId = Account, Version = 2, Reservation = Pms(reservation) }),
        }, CancellationToken.None);

    private async Task<int> QueueLengthAsync(string queue)
    {
        QueueProperties properties = await Get<StorageClients>().Queue(queue).GetPropertiesAsync();
        return properties.ApproximateMessagesCount;
    }

    private async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(_screenshots, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
        return path;
    }

    [Fact]
    public async Task ConflictsPage_ListSearchCompareAcceptBeds24_ShowsTheStateAfterAndRefusesASecondDecision()
    {
        var now = DateTimeOffset.UtcNow;
        var store = Get<IConflictStore>();
        await store.SaveAsync(Conflict("RES-100", now.AddMinutes(-5)), CancellationToken.None);
        await store.SaveAsync(Conflict("RES-200", now.AddMinutes(-1), type: "amount"), CancellationToken.None);
        await LinkWithHeldChangeAsync("RES-100");
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });

        // List: both open conflicts, newest first, with statistics.
        await page.GotoAsync(PageUrl);
        var rows = page.Locator("#conflicts tbody tr[data-id]");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.First).ToContainTextAsync("RES-200");
        await Assertions.Expect(page.Locator("#stats")).ToContainTextAsync("2 conflicts: 2 open");
        await Assertions.Expect(page.Locator("#stat-cards")).ToContainTextAsync("Waiting for a decision2");

        // Search narrows the list (case-insensitive reservation prefix).
        await page.GetByLabel("Search").FillAsync("res-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(1);

        // Compare from the keyboard: every field side by side, the differing two marked.
        await rows.First.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#compare tbody tr")).ToHaveCountAsync(6);
        var differing = page.Locator("#compare tbody tr.differs");
        await Assertions.Expect(differing).ToHaveCountAsync(2);
        await Assertions.Expect(differing.Nth(0)).ToContainTextAsync("2030-05-05");
        await Assertions.Expect(differing.Nth(1)).ToContainTextAsync("(differs)");
        await Assertions.Expect(page.Locator("#detail-heading")).ToBeFocusedAsync();
        await ScreenshotAsync(page, "conflicts-compare");

        // Deciding without naming yourself is refused on the page, and nothing is sent.
        await page.GetByRole(AriaRole.Button, new() { Name = "Accept Beds24" }).ClickAsync();
        await Assertions.Expect(page.Locator("#result")).ToContainTextAsync("Enter your name");

        // Resolve: Beds24 wins; the page shows it, the buttons lock, the history grows.
        await page.GetByLabel("Operator").FillAsync("ops.anna");
        await page.GetByLabel("Comment").FillAsync("OTA confirmed the dates");
        await page.GetByRole(AriaRole.Button, new() { Name = "Accept Beds24" }).ClickAsync();
        await Assertions.Expect(page.Locator("#result")).ToContainTextAsync("Resolved: accept-beds24 by ops.anna");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Accept PMS" })).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator("#history li")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#stats")).ToContainTextAsync("1 open, 1 resolved");
        await ScreenshotAsync(page, "conflicts-resolved");

        // The state after: stored as resolved with the audit, the held PMS change dropped, Beds24's state queued for the PMS.
        var stored = (await store.QueryAsync(new ConflictFilter(Search: "RES-100"), 1, null, CancellationToken.None)).Items.Single();
        Assert.Equal((ConflictStatuses.Resolved, ConflictDecisionActions.AcceptBeds24, "ops.anna", "OTA confirmed the dates"), (stored.Status, stored.Decision, stored.DecidedBy, stored.Comment));
        Assert.Null((await Get<IBookingLinkStore>().GetByReservationAsync(Account, "RES-100", CancellationToken.None))!.PendingMessage);
        Assert.Equal((1, 0), (await QueueLengthAsync(StorageNames.Queues.Beds24Inbound), await QueueLengthAsync(StorageNames.Queues.PushBookings)));

        // A second decision through the API is a 409, not a second push.
        var second = await page.APIRequest.PostAsync($"{_baseUrl}/api/integrations/beds24/conflicts/{stored.ConflictId}/resolve", new APIRequestContextOptions
        {
            Headers = new Dictionary<string, string> { [OperatorAccess.OperatorHeader] = "someone-else", ["Authorization"] = $"Bearer {_token}", ["Content-Type"] = "application/json" },
            DataString = """{"action":"accept-pms"}""",
        });
        Assert.Equal(409, second.Status);
        Assert.Equal((1, 0), (await QueueLengthAsync(StorageNames.Queues.Beds24Inbound), await QueueLengthAsync(StorageNames.Queues.PushBookings)));
    }

    [Fact]
    public async Task ConflictsPage_MergeWithPerFieldChoice_PushesTheMergedStateBothWays()
    {
        await Get<IConflictStore>().SaveAsync(Conflict("RES-300", DateTimeOffset.UtcNow.AddMinutes(-3)), CancellationToken.None);
        await LinkWithHeldChangeAsync("RES-300");
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await page.GotoAsync(PageUrl);
        await page.Locator("#conflicts tbody tr[data-id]").First.ClickAsync();

        // Keep Beds24's departure and the PMS's amount.
        await page.Locator("tr[data-field=departure]").GetByLabel("Beds24").CheckAsync();
        await Assertions.Expect(page.Locator("tr[data-field=amount]").GetByLabel("PMS")).ToBeCheckedAsync();
        await page.GetByLabel("Operator").FillAsync("ops.ben");
        await page.GetByRole(AriaRole.Button, new() { Name = "Merge selected" }).ClickAsync();

        await Assertions.Expect(page.Locator("#result")).ToContainTextAsync("Resolved: merge by ops.ben");
        var keptBeds24 = page.Locator("tr[data-field=departure]").GetByLabel("Beds24");
        await Assertions.Expect(keptBeds24).ToBeCheckedAsync();
        await Assertions.Expect(keptBeds24).ToBeDisabledAsync();
        await ScreenshotAsync(page, "conflicts-merged");
        var push = await Get<StorageClients>().Queue(StorageNames.Queues.PushBookings).ReceiveMessageAsync();
        var merged = SyncJson.Deserialize<PmsBookingMessage>(push.Value.Body.ToString())!;
        Assert.Equal((Arrival.AddDays(4), 300m, 2L), (merged.Reservation.Departure, merged.Reservation.TotalAmount, merged.Version));
        var toPms = await Get<StorageClients>().Queue(StorageNames.Queues.PmsInbound).ReceiveMessageAsync();
        Assert.Equal(Arrival.AddDays(4), SyncJson.Deserialize<BookingChangedMessage>(toPms.Value.Body.ToString())!.Reservation.Departure);
    }

    [Fact]
    public async Task ConflictsPage_ManyConflicts_PagesForwardAndBack()
    {
        var store = Get<IConflictStore>();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 30; i++)
        {
            await store.SaveAsync(Conflict($"RES-P{i:D2}", now.AddMinutes(-i)), CancellationToken.None);
        }

        var page = await _browser.NewPageAsync();
        await page.GotoAsync(PageUrl);
        var rows = page.Locator("#conflicts tbody tr[data-id]");
        await Assertions.Expect(rows).ToHaveCountAsync(25);
        await Assertions.Expect(page.Locator("#page-info")).ToContainTextAsync("Page 1: 25 of 30");

        await page.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(5);
        await Assertions.Expect(rows.First).ToContainTextAsync("RES-P25");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Next page" })).ToBeDisabledAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Previous page" }).ClickAsync();
        await Assertions.Expect(rows.First).ToContainTextAsync("RES-P00");
    }

    [Fact]
    public async Task ConflictsPage_OpenedWithoutTheToken_ShowsNoConflictsAndSaysWhatIsMissing()
    {
        await Get<IConflictStore>().SaveAsync(Conflict("RES-400", DateTimeOffset.UtcNow.AddMinutes(-2)), CancellationToken.None);
        var page = await _browser.NewPageAsync();

        var response = await page.GotoAsync(_baseUrl + "/conflicts");

        await Assertions.Expect(page.Locator("#error")).ToContainTextAsync("operator token");
        await Assertions.Expect(page.Locator("#conflicts tbody tr[data-id]")).ToHaveCountAsync(0);
        var csp = response!.Headers["content-security-policy"];
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal); // the page's own script runs by hash (the tests above prove it runs)
        var wrong = await page.APIRequest.GetAsync($"{_baseUrl}/api/integrations/beds24/conflicts", new() { Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer guess" } });
        Assert.Equal(401, wrong.Status);
    }

    [Fact]
    public async Task LocalHost_RequestWithAForeignHostName_IsRefused()
    {
        // DNS rebinding: a page on attacker.example resolves its name to 127.0.0.1; its requests carry that Host.
        using var http = new HttpClient();
        using var rebound = new HttpRequestMessage(HttpMethod.Get, _baseUrl + "/api/integrations/beds24/status");
        rebound.Headers.Host = "attacker.example";
        using var local = new HttpRequestMessage(HttpMethod.Get, _baseUrl.Replace("127.0.0.1", "localhost", StringComparison.Ordinal) + "/api/integrations/beds24/health");

        var refused = await http.SendAsync(rebound);
        var allowed = await http.SendAsync(local);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.NotEqual(System.Net.HttpStatusCode.BadRequest, allowed.StatusCode);
    }
}
