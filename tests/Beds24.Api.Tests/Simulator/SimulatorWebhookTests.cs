using System.Text.Json;
using Beds24.Simulator;
using Beds24.Testing;

namespace Beds24.Api.Tests.Simulator;

/// <summary>The simulator's booking webhooks over real loopback HTTP: version 2 payload, custom headers, retries, allowWebhooks, faults.</summary>
public sealed class SimulatorWebhookTests : IAsyncLifetime
{
    private static readonly DateOnly Future = DateOnly.FromDateTime(DateTime.UtcNow.Date).AddDays(30);
    private Beds24SimulatorServer _server = null!;
    private int _owner;
    private long _property;
    private long _room;

    public async Task InitializeAsync()
    {
        _server = await Beds24SimulatorServer.StartAsync();
        _owner = _server.State.CreateAccount("Webhooks");
        _property = _server.State.AddProperty(_owner, "Hotel");
        _room = _server.State.AddRoom(_property, "Double", qty: 5);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task AddBooking_WebhookConfigured_PostsVersion2WithTheCustomHeaders()
    {
        await using var recorder = await WebhookRecorder.StartAsync();
        _server.State.ConfigureBookingWebhook(_property, recorder.Url, new Dictionary<string, string> { ["X-Webhook-Secret"] = "s3cret" });

        var booking = _server.State.AddBooking(new SimBooking { RoomId = _room, Arrival = Future, Departure = Future.AddDays(2), LastName = "Guest" });

        var received = Assert.Single(await recorder.WaitForAsync(1));
        Assert.Equal("s3cret", received.Headers["x-webhook-secret"]);
        var payload = JsonDocument.Parse(received.Body).RootElement;
        Assert.Equal(booking.Id, payload.GetProperty("booking").GetProperty("id").GetInt64());
        Assert.Equal("confirmed", payload.GetProperty("booking").GetProperty("status").GetString());
        Assert.Equal(0, payload.GetProperty("retries").GetInt32());
        foreach (var list in new[] { "infoItems", "invoiceItems", "messages" })
        {
            Assert.Equal(JsonValueKind.Array, payload.GetProperty(list).ValueKind);
        }

        Assert.True(payload.TryGetProperty("timeStamp", out _));
    }

    [Fact]
    public async Task CancelAndDeleteBooking_WebhookConfigured_EachSaysCancelled()
    {
        await using var recorder = await WebhookRecorder.StartAsync();
        var first = _server.State.AddBooking(new SimBooking { RoomId = _room, Arrival = Future, Departure = Future.AddDays(1) });
        var second = _server.State.AddBooking(new SimBooking { RoomId = _room, Arrival = Future, Departure = Future.AddDays(1) });
        _server.State.ConfigureBookingWebhook(_property, recorder.Url, new Dictionary<string, string>());

        _server.State.CancelBooking(first.Id);
        _server.State.DeleteBooking(second.Id);

        var received = await recorder.WaitForAsync(2);
        var bookings = received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("booking")).ToList();
        Assert.Equal([first.Id, second.Id], bookings.Select(b => b.GetProperty("id").GetInt64()).Order());
        Assert.All(bookings, b => Assert.Equal("cancelled", b.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task ApiWrites_OnlyWithAllowWebhooks_FireTheWebhook()
    {
        await using var recorder = await WebhookRecorder.StartAsync();
        _server.State.ConfigureBookingWebhook(_property, recorder.Url, new Dictionary<string, string>());
        using var http = new RawSimulatorClient(_server);
        await http.LoginAsync(_owner);
        string Item(string reference, string allowWebhooks) =>
            $$$"""{"roomId":{{{_room}}},"arrival":"{{{Future:yyyy-MM-dd}}}","departure":"{{{Future.AddDays(1):yyyy-MM-dd}}}","lastName":"{{{reference}}}","actions":{"allowWebhooks":{{{allowWebhooks}}}}}""";

        await http.JsonAsync(HttpMethod.Post, "bookings", 201, $"[{Item("silent", "false")},{Item("echoed", "true")}]");
        await _server.DrainWebhooksAsync();

        var received = Assert.Single(await recorder.WaitForAsync(1));
        Assert.Equal("echoed", JsonDocument.Parse(received.Body).RootElement.GetProperty("booking").GetProperty("lastName").GetString());
    }

    [Fact]
    public async Task Webhook_Refused_IsRetriedWithTheRetryCount()
    {
        await using var recorder = await WebhookRecorder.StartAsync(refuseFirst: 2);
        _server.State.ConfigureBookingWebhook(_property, recorder.Url, new Dictionary<string, string>());

        _server.State.AddBooking(new SimBooking { RoomId = _room, Arrival = Future, Departure = Future.AddDays(1) });

        var received = await recorder.WaitForAsync(3);
        Assert.Equal([0, 1, 2], received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("retries").GetInt32()));
        await _server.DrainWebhooksAsync();
        Assert.Equal(1, _server.WebhooksDelivered);
    }

    [Fact]
    public async Task Faults_DuplicateWebhooks_DeliversEachTwice()
    {
        await using var recorder = await WebhookRecorder.StartAsync();
        _server.State.ConfigureBookingWebhook(_property, recorder.Url, new Dictionary<string, string>());
        _server.Faults.DuplicateWebhooks = true;

        var booking = _server.State.AddBooking(new SimBooking { RoomId = _room, Arrival = Future, Departure = Future.AddDays(1) });

        var received = await recorder.WaitForAsync(2);
        Assert.All(received, r => Assert.Equal(booking.Id, JsonDocument.Parse(r.Body).RootElement.GetProperty("booking").GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task Faults_ReorderWebhooks_DeliversTheLaterChangeFirst()
    {
        await using var recorder = await WebhookRecorder.StartAsync();
        _server.State.ConfigureBookingWebhook(_property, recorder.Url, new Dictionary<string, string>());
        _server.Faults.ReorderWebhooks = true;

        var booking = _server.State.AddBooking(new SimBooking { RoomId = _room, Arrival = Future, Departure = Future.AddDays(1) });
        _server.State.CancelBooking(booking.Id);

        var statuses = (await recorder.WaitForAsync(2)).Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("booking").GetProperty("status").GetString());
        Assert.Equal(["cancelled", "confirmed"], statuses);
    }

    [Fact]
    public async Task Faults_LoseWebhooks_DeliversNothing()
    {
        await using var recorder = await WebhookRecorder.StartAsync();
        _server.State.ConfigureBookingWebhook(_property, recorder.Url, new Dictionary<string, string>());
        _server.Faults.LoseWebhooks = true;

        _server.State.AddBooking(new SimBooking { RoomId = _room, Arrival = Future, Departure = Future.AddDays(1) });
        await _server.DrainWebhooksAsync();

        Assert.Empty(recorder.Received);
        Assert.Equal(0, _server.WebhooksDelivered);
    }

    [Fact]
    public async Task UpsertBooking_ExistingId_ReplacesItMovesModifiedTimeAndFires()
    {
        await using var recorder = await WebhookRecorder.StartAsync();
        var booking = _server.State.AddBooking(new SimBooking { RoomId = _room, Arrival = Future, Departure = Future.AddDays(1) });
        _server.State.ConfigureBookingWebhook(_property, recorder.Url, new Dictionary<string, string>());

        var updated = _server.State.UpsertBooking(booking with { NumAdult = 4, Departure = Future.AddDays(2) });
        var created = _server.State.UpsertBooking(new SimBooking { RoomId = _room, Arrival = Future, Departure = Future.AddDays(1) });

        Assert.Equal(booking.Id, updated.Id);
        Assert.True(updated.ModifiedTime > booking.ModifiedTime);
        Assert.Equal(4, _server.State.GetBooking(booking.Id)!.NumAdult);
        Assert.NotEqual(booking.Id, created.Id);
        Assert.Equal(2, (await recorder.WaitForAsync(2)).Count);
    }
}
