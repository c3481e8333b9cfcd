using Beds24.Testing;
using Beds24Sync.BookingLinks;
using Beds24Sync.Conflicts;
using Beds24Sync.Contracts;
using Beds24Sync.Host;
using Beds24Sync.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Beds24Sync.BrowserTests;

/// <summary>The operator's conflicts page in headless Debian Chromium, served by the real local host on Azurite.</summary>
[Collection(TestCollections.Azurite)]
public sealed class ConflictsPageTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private static ConflictRecord Conflict(string id, string reservation, string type, DateTimeOffset detected) => new()
    {
        ConflictId = id,
        AccountId = "demo",
        ReservationId = reservation,
        Beds24BookingId = 9_000_123,
        PropertyId = "HARBOUR",
        Channel = "booking",
        Origin = ChangeOrigins.Pms,
        Type = type,
        Differences = [new FieldDifference("departure", "2030-05-03", "2030-05-05"), new FieldDifference("amount", "300.00", "420.00")],
        Rule = ConflictRules.Manual,
        Status = ConflictStatuses.Open,
        PmsSnapshot = SyncJson.Serialize(new PmsReservation { ReservationId = reservation, PropertyId = "HARBOUR", RoomTypeId = "DBL", Status = "confirmed", Arrival = new(2030, 5, 1), Departure = new(2030, 5, 3), TotalAmount = 300m }),
        PmsVersion = 2,
        Beds24Snapshot = """{"id":9000123,"roomId":70001,"status":"confirmed","arrival":"2030-05-01","departure":"2030-05-05","price":420}""",
        DetectedAt = detected,
    };

    [Fact]
    public async Task ConflictsPage_ListCompareResolve_ShowsTheStateAfter()
    {
        Assert.True(File.Exists(ChromiumPath), "Debian chromium is required (scripts/test.sh installs it with apt-get).");
        await azurite.ResetAsync();
        var (app, simulator) = await LocalSystem.BuildAsync([], useSimulator: false, port: 0, simulatorPort: 0,
            new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = azurite.ConnectionString,
                ["Beds24:BaseAddress"] = "http://127.0.0.1:9/v2/",
                ["SecretStore:LocalFile"] = Path.Combine(Path.GetTempPath(), $"beds24-browser-{Guid.NewGuid():N}.json"),
            }, runBackgroundWork: false);
        await using var _ = app;
        await app.StartAsync();
        var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var store = app.Services.GetRequiredService<IConflictStore>();
        await store.SaveAsync(Conflict("c-1", "RES-100", "dates", DateTimeOffset.UtcNow.AddMinutes(-5)), CancellationToken.None);
        await store.SaveAsync(Conflict("c-2", "RES-200", "amount", DateTimeOffset.UtcNow.AddMinutes(-1)), CancellationToken.None);
        await app.Services.GetRequiredService<IBookingLinkStore>().SaveAsync(new BookingLink { AccountId = "demo", ReservationId = "RES-100", Beds24BookingId = 9_000_123 }, CancellationToken.None);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });

        // List: both open conflicts, newest first, with statistics.
        await page.GotoAsync(baseUrl + "/conflicts");
        var rows = page.Locator("#conflicts tbody tr[data-id]");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.First).ToContainTextAsync("RES-200");
        await Assertions.Expect(page.Locator("#stats")).ToContainTextAsync("2 conflicts");

        // Search narrows the list.
        await page.FillAsync("#filter-search", "RES-100");
        await page.ClickAsync("#filters button[type=submit]");
        await Assertions.Expect(rows).ToHaveCountAsync(1);

        // Compare: the differing fields side by side, highlighted. Opened from the keyboard.
        await rows.First.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var compare = page.Locator("#compare tbody tr.differs");
        await Assertions.Expect(compare).ToHaveCountAsync(2);
        await Assertions.Expect(compare.Nth(0)).ToContainTextAsync("2030-05-05");
        var screenshotDir = Path.Combine(Path.GetTempPath(), "beds24-screenshots");
        Directory.CreateDirectory(screenshotDir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshotDir, "conflicts-compare.png"), FullPage = true });

        // Deciding without naming yourself is refused on the page.
        await page.ClickAsync("#accept-beds24");
        await Assertions.Expect(page.Locator("#result")).ToContainTextAsync("Enter your name");

        // Resolve: Beds24 wins; the page shows it and the buttons lock.
        await page.FillAsync("#operator", "ops.anna");
        await page.ClickAsync("#accept-beds24");
        await Assertions.Expect(page.Locator("#result")).ToContainTextAsync("Resolved: accept-beds24 by ops.anna");
        await Assertions.Expect(page.Locator("#accept-pms")).ToBeDisabledAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshotDir, "conflicts-resolved.png"), FullPage = true });
        output.WriteLine($"screenshots: {screenshotDir}");

        // The state after: stored as resolved with the audit, and Beds24's state queued for the PMS.
        var stored = await store.GetAsync("c-1", CancellationToken.None);
        Assert.Equal((ConflictStatuses.Resolved, ConflictDecisionActions.AcceptBeds24, "ops.anna"), (stored!.Status, stored.Decision, stored.DecidedBy));
        Azure.Storage.Queues.Models.QueueProperties inbound = await app.Services.GetRequiredService<StorageClients>().Queue(StorageNames.Queues.Beds24Inbound).GetPropertiesAsync();
        Assert.Equal(1, inbound.ApproximateMessagesCount);

        // A second decision through the API is a 409, not a second push.
        var second = await page.APIRequest.PostAsync(baseUrl + "/api/integrations/beds24/conflicts/c-1/resolve", new APIRequestContextOptions
        {
            Headers = new Dictionary<string, string> { ["X-Operator"] = "someone-else", ["Content-Type"] = "application/json" },
            DataString = """{"action":"accept-pms","decidedBy":"someone-else"}""",
        });
        Assert.Equal(409, second.Status);
        inbound = await app.Services.GetRequiredService<StorageClients>().Queue(StorageNames.Queues.Beds24Inbound).GetPropertiesAsync();
        Assert.Equal(1, inbound.ApproximateMessagesCount);
        Assert.Null(simulator);
    }
}
