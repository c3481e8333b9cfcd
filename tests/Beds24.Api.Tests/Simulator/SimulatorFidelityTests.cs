using System.Net;
using System.Text.Json;
using Beds24.Simulator;
using Beds24.Testing;

namespace Beds24.Api.Tests.Simulator;

/// <summary>
/// Where live Beds24 is less kind than the spec or than a simulator written to agree with our client (FACTS.md,
/// corrected 2026-12-01): each behaviour over plain HTTP, and each unverified one both ways.
/// </summary>
public sealed class SimulatorFidelityTests : IAsyncLifetime
{
    private static readonly DateOnly Future = DateOnly.FromDateTime(DateTime.UtcNow.Date).AddDays(40);
    private Beds24SimulatorServer _server = null!;
    private RawSimulatorClient _http = null!;
    private int _owner;
    private long _property;
    private long _room;

    public async Task InitializeAsync() => (_server, _http, _owner, _property, _room) = await StartAsync(new SimulatorOptions());

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private static async Task<(Beds24SimulatorServer, RawSimulatorClient, int, long, long)> StartAsync(SimulatorOptions options)
    {
        var server = await Beds24SimulatorServer.StartAsync(options);
        var owner = server.State.CreateAccount("Fidelity");
        var property = server.State.AddProperty(owner, "Hotel");
        var room = server.State.AddRoom(property, "Double", qty: 2);
        var http = new RawSimulatorClient(server);
        await http.LoginAsync(owner);
        return (server, http, owner, property, room);
    }

    private string NewItem(string extra = "") =>
        $$$"""{"roomId":{{{_room}}},"arrival":"{{{Future:yyyy-MM-dd}}}","departure":"{{{Future.AddDays(2):yyyy-MM-dd}}}"{{{extra}}}}""";

    [Fact]
    public async Task PostBookings_ApiReference_IsDroppedByDefaultAndKeptWhenSwitchedOn()
    {
        var dropped = (await _http.JsonAsync(HttpMethod.Post, "bookings", 201, $"[{NewItem(",\"apiReference\":\"PMS-1\"")}]"))[0].GetProperty("new").GetProperty("id").GetInt64();
        var (kind, kindHttp, _, _, kindRoom) = await StartAsync(new SimulatorOptions { KeepApiReferenceOnPost = true });
        await using (kind)
        using (kindHttp)
        {
            var item = $$$"""[{"roomId":{{{kindRoom}}},"arrival":"{{{Future:yyyy-MM-dd}}}","departure":"{{{Future.AddDays(1):yyyy-MM-dd}}}","apiReference":"PMS-1"}]""";
            var kept = (await kindHttp.JsonAsync(HttpMethod.Post, "bookings", 201, item))[0].GetProperty("new").GetProperty("id").GetInt64();
            Assert.Equal("PMS-1", kind.State.GetBooking(kept)!.ApiReference);
        }

        Assert.Null(_server.State.GetBooking(dropped)!.ApiReference);
    }

    [Fact]
    public async Task PostBookings_MoreItemsThanThePostLimit_IsRefusedWholeAndWritesNothing()
    {
        var (small, smallHttp, smallOwner, _, smallRoom) = await StartAsync(new SimulatorOptions { MaxItemsPerPost = 3 });
        await using (small)
        using (smallHttp)
        {
            string Item(int i) => $$$"""{"roomId":{{{smallRoom}}},"arrival":"{{{Future.AddDays(i):yyyy-MM-dd}}}","departure":"{{{Future.AddDays(i + 1):yyyy-MM-dd}}}"}""";

            var refused = await smallHttp.JsonAsync(HttpMethod.Post, "bookings", 400, $"[{string.Join(',', Enumerable.Range(0, 4).Select(Item))}]");
            var accepted = await smallHttp.JsonAsync(HttpMethod.Post, "bookings", 201, $"[{string.Join(',', Enumerable.Range(0, 3).Select(Item))}]");

            Assert.False(refused.GetProperty("success").GetBoolean());
            Assert.Equal(3, accepted.GetArrayLength());
            Assert.Equal(3, small.State.GetBookings(smallOwner).Count);
        }
    }

    [Fact]
    public async Task PostBookings_InfoItems_AreKeptAndReadBackWithIncludeInfoItems()
    {
        var id = (await _http.JsonAsync(HttpMethod.Post, "bookings", 201, $"[{NewItem(",\"infoItems\":[{\"code\":\"PMS-RESERVATION\",\"text\":\"R-9\"}]")}]"))[0]
            .GetProperty("new").GetProperty("id").GetInt64();

        var withItems = (await _http.JsonAsync(HttpMethod.Get, $"bookings?id={id}&includeInfoItems=true")).GetProperty("data")[0];
        var without = (await _http.JsonAsync(HttpMethod.Get, $"bookings?id={id}")).GetProperty("data")[0];

        var item = Assert.Single(withItems.GetProperty("infoItems").EnumerateArray());
        Assert.Equal("PMS-RESERVATION", item.GetProperty("code").GetString());
        Assert.Equal("R-9", item.GetProperty("text").GetString());
        Assert.False(without.TryGetProperty("infoItems", out _));
    }

    [Fact]
    public async Task AddChannelReservation_MultiRoom_SharesApiReferenceAndMasterIdWithoutAChannelField()
    {
        var rooms = _server.State.AddChannelReservation("airbnb", "Airbnb", "HMABCD1234",
            [new SimBooking { RoomId = _room, Arrival = Future, Departure = Future.AddDays(2) }, new SimBooking { RoomId = _room, Arrival = Future, Departure = Future.AddDays(2) }],
            apiSourceId: 46);

        var data = (await _http.JsonAsync(HttpMethod.Get, $"bookings?apiReference=HMABCD1234")).GetProperty("data").EnumerateArray().ToList();

        Assert.Equal(2, data.Count);
        Assert.All(data, b =>
        {
            Assert.Equal("HMABCD1234", b.GetProperty("apiReference").GetString());
            Assert.Equal("Airbnb", b.GetProperty("apiSource").GetString());
            Assert.Equal(46, b.GetProperty("apiSourceId").GetInt32());
            Assert.Equal(rooms[0].Id, b.GetProperty("masterId").GetInt64());
            Assert.False(b.TryGetProperty("channel", out _));
        });
        Assert.NotEqual(data[0].GetProperty("id").GetInt64(), data[1].GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task GetBookings_UnsetText_ReadsAsEmptyStringsAndCountryIsFreeTextBesideCountry2()
    {
        var booking = _server.State.AddBooking(new SimBooking { RoomId = _room, Arrival = Future, Departure = Future.AddDays(1), Mobile = "+44 7700 900123", Country = "ru", Country2 = "RU" });

        var b = (await _http.JsonAsync(HttpMethod.Get, $"bookings?id={booking.Id}")).GetProperty("data")[0];

        Assert.Equal("", b.GetProperty("firstName").GetString());
        Assert.Equal("", b.GetProperty("phone").GetString());
        Assert.Equal("+44 7700 900123", b.GetProperty("mobile").GetString());
        Assert.Equal("ru", b.GetProperty("country").GetString());
        Assert.Equal("RU", b.GetProperty("country2").GetString());
    }

    [Fact]
    public async Task PostBookings_TextOverNewBookingLimits_IsAPerItemErrorAndNothingIsWritten()
    {
        var before = _server.State.GetBookings(_owner).Count;
        var results = await _http.JsonAsync(HttpMethod.Post, "bookings", 201, $"[{NewItem($",\"lastName\":\"{new string('x', 101)}\"")},{NewItem(",\"lang\":\"en\"")}]");

        Assert.False(results[0].GetProperty("success").GetBoolean());
        Assert.Equal("lastName", results[0].GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.True(results[1].GetProperty("success").GetBoolean());
        Assert.Equal(before + 1, _server.State.GetBookings(_owner).Count);
    }

    [Theory]
    [InlineData(LostAnswer.BadGateway)]
    [InlineData(LostAnswer.Reset)]
    public async Task LoseAnswerNext_BookingCreate_IsAppliedButTheCallerGetsNoResult(LostAnswer how)
    {
        _server.Faults.LoseAnswerNext(1, how, "bookings");
        var before = _server.State.GetBookings(_owner).Count;

        if (how == LostAnswer.BadGateway)
        {
            using var response = await _http.SendAsync(HttpMethod.Post, "bookings", $"[{NewItem()}]");
            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        }
        else
        {
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => _http.SendAsync(HttpMethod.Post, "bookings", $"[{NewItem()}]"));
        }

        Assert.Equal(before + 1, _server.State.GetBookings(_owner).Count);
        Assert.Equal(1, _server.Faults.AnswersLost);
    }

    [Fact]
    public async Task LoseAnswerNext_Timeout_AppliesTheWriteAndNeverAnswers()
    {
        _server.Faults.LoseAnswerNext(1, LostAnswer.Timeout, "bookings");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _http.SendAsync(HttpMethod.Post, "bookings", $"[{NewItem()}]", cancellationToken: cts.Token));

        Assert.Single(_server.State.GetBookings(_owner));
    }

    [Fact]
    public async Task LoseAnswerNext_CalendarPost_IsApplied()
    {
        _server.Faults.LoseAnswerNext(1, LostAnswer.BadGateway, "inventory/rooms/calendar");

        using var response = await _http.SendAsync(HttpMethod.Post, "inventory/rooms/calendar",
            $$$"""[{"roomId":{{{_room}}},"calendar":[{"from":"{{{Future:yyyy-MM-dd}}}","to":"{{{Future:yyyy-MM-dd}}}","minStay":3}]}]""");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(3, _server.State.GetCalendarDay(_room, Future)!.MinStay);
    }

    [Fact]
    public async Task ModifyBooking_IntoFullDates_IsNotAvailabilityChecked()
    {
        var booked = Future.AddDays(10);
        _server.State.AddBooking(new SimBooking { RoomId = _room, Arrival = booked, Departure = booked.AddDays(1) });
        _server.State.AddBooking(new SimBooking { RoomId = _room, Arrival = booked, Departure = booked.AddDays(1) });
        var mine = _server.State.AddBooking(new SimBooking { RoomId = _room, Arrival = Future, Departure = Future.AddDays(1) });

        var results = await _http.JsonAsync(HttpMethod.Post, "bookings", 201,
            $$$"""[{"id":{{{mine.Id}}},"arrival":"{{{booked:yyyy-MM-dd}}}","departure":"{{{booked.AddDays(1):yyyy-MM-dd}}}","actions":{"checkAvailability":true}}]""");

        Assert.True(results[0].GetProperty("success").GetBoolean());
        Assert.Equal(-1, _server.State.GetAvailability(_room, booked));
    }

    [Fact]
    public async Task PostCalendar_BlackoutLiftedWithoutNumAvail_ResetsNumAvailToTheMaximum()
    {
        var day = $"\"from\":\"{Future:yyyy-MM-dd}\",\"to\":\"{Future:yyyy-MM-dd}\"";
        await _http.JsonAsync(HttpMethod.Post, "inventory/rooms/calendar", 201, $$"""[{"roomId":{{_room}},"calendar":[{{{day}},"numAvail":1,"override":"blackout"}]}]""");
        await _http.JsonAsync(HttpMethod.Post, "inventory/rooms/calendar", 201, $$"""[{"roomId":{{_room}},"calendar":[{{{day}},"override":"none"}]}]""");
        var next = $"\"from\":\"{Future.AddDays(1):yyyy-MM-dd}\",\"to\":\"{Future.AddDays(1):yyyy-MM-dd}\"";
        await _http.JsonAsync(HttpMethod.Post, "inventory/rooms/calendar", 201, $$"""[{"roomId":{{_room}},"calendar":[{{{next}},"numAvail":1,"override":"blackout"}]}]""");
        await _http.JsonAsync(HttpMethod.Post, "inventory/rooms/calendar", 201, $$"""[{"roomId":{{_room}},"calendar":[{{{next}},"override":"none","numAvail":1}]}]""");

        Assert.Equal(2, _server.State.GetCalendarDay(_room, Future)!.NumAvail);
        Assert.Equal(1, _server.State.GetCalendarDay(_room, Future.AddDays(1))!.NumAvail);
    }

    [Fact]
    public async Task PostBookings_WriteResultsAsFieldLists_AnswerWithoutAnId()
    {
        var (server, http, _, _, room) = await StartAsync(new SimulatorOptions { WriteResultsAsFieldLists = true });
        await using (server)
        using (http)
        {
            var item = $$$"""[{"roomId":{{{room}}},"arrival":"{{{Future:yyyy-MM-dd}}}","departure":"{{{Future.AddDays(1):yyyy-MM-dd}}}"}]""";
            var result = (await http.JsonAsync(HttpMethod.Post, "bookings", 201, item))[0];

            Assert.True(result.GetProperty("success").GetBoolean());
            Assert.Equal(JsonValueKind.Array, result.GetProperty("new").ValueKind);
        }
    }

    [Fact]
    public async Task GetBookingsById_IdReadsHidePastBookings_LeavesAPastStayOutUnlessADateFilterIsGiven()
    {
        var (server, http, _, _, room) = await StartAsync(new SimulatorOptions { IdReadsHidePastBookings = true });
        await using (server)
        using (http)
        {
            var past = DateOnly.FromDateTime(DateTime.UtcNow.Date).AddDays(-10);
            var booking = server.State.AddBooking(new SimBooking { RoomId = room, Arrival = past, Departure = past.AddDays(2) });

            var byId = (await http.JsonAsync(HttpMethod.Get, $"bookings?id={booking.Id}")).GetProperty("data");
            var withDate = (await http.JsonAsync(HttpMethod.Get, $"bookings?id={booking.Id}&modifiedFrom=2000-01-01T00:00:00")).GetProperty("data");

            Assert.Equal(0, byId.GetArrayLength());
            Assert.Equal(1, withDate.GetArrayLength());
        }
    }

    [Fact]
    public async Task Webhooks_GuestFieldEdit_FiresNoneWhileAvailabilityChangesAndMessagesDo()
    {
        await using var recorder = await WebhookRecorder.StartAsync();
        var booking = _server.State.AddBooking(new SimBooking { RoomId = _room, Arrival = Future, Departure = Future.AddDays(1) });
        _server.State.ConfigureBookingWebhook(_property, recorder.Url, new Dictionary<string, string>());

        _server.State.ModifyBooking(booking.Id, b => b with { Email = "new@example.com", FirstName = "Ann" });
        _server.State.ModifyBooking(booking.Id, b => b with { Departure = Future.AddDays(2) });
        _server.State.AddGuestMessage(booking.Id, "Arriving late");
        await _server.DrainWebhooksAsync();

        var received = await recorder.WaitForAsync(2);
        Assert.Equal(2, received.Count);
        var message = JsonDocument.Parse(received[1].Body).RootElement.GetProperty("messages");
        Assert.Equal("Arriving late", message[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task Webhooks_Version1_AreGetsWithBookidAndStatusAndNoBodyOrCustomHeader()
    {
        await using var recorder = await WebhookRecorder.StartAsync();
        _server.State.ConfigureBookingWebhook(_property, new Uri(recorder.Url + "?account=harbour"), new Dictionary<string, string> { ["X-Beds24-Secret"] = "s" }, version: 1);

        var booking = _server.State.AddBooking(new SimBooking { RoomId = _room, Arrival = Future, Departure = Future.AddDays(1) });
        _server.State.CancelBooking(booking.Id);
        _server.State.AddGuestMessage(booking.Id, "hello");

        var received = await recorder.WaitForAsync(3);
        Assert.All(received, r =>
        {
            Assert.Equal("GET", r.Method);
            Assert.Equal("", r.Body);
            Assert.False(r.Headers.ContainsKey("x-beds24-secret"));
            Assert.StartsWith($"?account=harbour&bookid={booking.Id}&status=", r.Query, StringComparison.Ordinal);
        });
        Assert.Equal(["new", "cancel", "message"], received.Select(r => r.Query[(r.Query.LastIndexOf('=') + 1)..]));
    }

    [Fact]
    public async Task Webhooks_Version1WithCustomHeaderSwitchedOn_SendTheHeader()
    {
        var (server, http, _, property, room) = await StartAsync(new SimulatorOptions { V1WebhooksSendCustomHeader = true });
        await using (server)
        using (http)
        {
            await using var recorder = await WebhookRecorder.StartAsync();
            server.State.ConfigureBookingWebhook(property, recorder.Url, new Dictionary<string, string> { ["X-Beds24-Secret"] = "s" }, version: 1);

            server.State.AddBooking(new SimBooking { RoomId = room, Arrival = Future, Departure = Future.AddDays(1) });

            Assert.Equal("s", Assert.Single(await recorder.WaitForAsync(1)).Headers["x-beds24-secret"]);
        }
    }

    [Fact]
    public async Task ApiWrites_WithAllowWebhooks_FireOnlyForAvailabilityChanges()
    {
        await using var recorder = await WebhookRecorder.StartAsync();
        var booking = _server.State.AddBooking(new SimBooking { RoomId = _room, Arrival = Future, Departure = Future.AddDays(1) });
        _server.State.ConfigureBookingWebhook(_property, recorder.Url, new Dictionary<string, string>());

        await _http.JsonAsync(HttpMethod.Post, "bookings", 201, $$$"""[{"id":{{{booking.Id}}},"notes":"VIP","actions":{"allowWebhooks":true}}]""");
        await _http.JsonAsync(HttpMethod.Post, "bookings", 201, $$$"""[{"id":{{{booking.Id}}},"status":"cancelled","actions":{"allowWebhooks":true}}]""");
        await _server.DrainWebhooksAsync();

        var received = Assert.Single(await recorder.WaitForAsync(1));
        Assert.Equal("cancelled", JsonDocument.Parse(received.Body).RootElement.GetProperty("booking").GetProperty("status").GetString());
    }

    // ---- measured on a live account (a public measurement runbook, 2026-08; docs/beds24/LIVE-OBSERVATIONS.md) ----------------------

    [Fact]
    public async Task PostBookings_OneItem_CostsOnePointOneWhateverTheWrite()
    {
        var created = await SpentOnAsync(() => _http.JsonAsync(HttpMethod.Post, "bookings", 201, $"[{NewItem()}]"));
        var id = _server.State.GetBookings(_owner).Single().Id;
        var modified = await SpentOnAsync(() => _http.JsonAsync(HttpMethod.Post, "bookings", 201, $$$"""[{"id":{{{id}}},"notes":"VIP"}]"""));
        var cancelled = await SpentOnAsync(() => _http.JsonAsync(HttpMethod.Post, "bookings", 201, $$$"""[{"id":{{{id}}},"status":"cancelled"}]"""));

        Assert.Equal([1.1m, 1.1m, 1.1m], new[] { created, modified, cancelled });
    }

    [Fact]
    public async Task PostBookings_ManyItems_ChargedPerItemByDefaultAndFlatWhenSwitched()
    {
        var ten = $"[{string.Join(',', Enumerable.Range(0, 10).Select(_ => NewItem(",\"status\":\"inquiry\"")))}]";
        var perItem = await SpentOnAsync(() => _http.JsonAsync(HttpMethod.Post, "bookings", 201, ten));
        var (flat, flatHttp, flatOwner, _, flatRoom) = await StartAsync(new SimulatorOptions().WithFlatWriteCost());
        await using (flat)
        using (flatHttp)
        {
            var before = flat.State.CreditsSpent(flatOwner);
            var items = Enumerable.Range(0, 10).Select(_ => $$$"""{"roomId":{{{flatRoom}}},"arrival":"{{{Future:yyyy-MM-dd}}}","departure":"{{{Future.AddDays(1):yyyy-MM-dd}}}","status":"inquiry"}""");
            await flatHttp.JsonAsync(HttpMethod.Post, "bookings", 201, $"[{string.Join(',', items)}]");

            Assert.Equal(1.1m, flat.State.CreditsSpent(flatOwner) - before);
        }

        Assert.Equal(2.0m, perItem);
    }

    [Fact]
    public async Task RefusedRequest_400_CostsNothing()
    {
        var badDate = await SpentOnAsync(() => _http.JsonAsync(HttpMethod.Get, "bookings?arrivalFrom=P0D", 400));
        var badStatus = await SpentOnAsync(() => _http.JsonAsync(HttpMethod.Get, "bookings?status=bogus", 400));
        var notAnArray = await SpentOnAsync(() => _http.JsonAsync(HttpMethod.Post, "bookings", 400, NewItem()));

        Assert.Equal([0m, 0m, 0m], new[] { badDate, badStatus, notAnArray });
    }

    [Fact]
    public async Task GetBookings_BadDateOrStatus_NamesTheParameterAsLiveBeds24Does()
    {
        var date = await _http.JsonAsync(HttpMethod.Get, "bookings?arrivalFrom=P0D", 400);
        var status = await _http.JsonAsync(HttpMethod.Get, "bookings?status=bogus", 400);
        var notAnArray = await _http.JsonAsync(HttpMethod.Post, "bookings", 400, NewItem());

        Assert.Contains("Parameter arrivalFrom is in an invalid format. Expected format: YYYY-MM-DD", date.GetProperty("error").GetString());
        Assert.Contains("status", status.GetProperty("error").GetString());
        Assert.Equal("Request body must be an array", notAnArray.GetProperty("error").GetString());
    }

    [Fact]
    public async Task PostBookings_NewBooking_ReadsBackAsMadeThroughTheApi()
    {
        var id = (await _http.JsonAsync(HttpMethod.Post, "bookings", 201, $"[{NewItem()}]"))[0].GetProperty("new").GetProperty("id").GetInt64();

        var read = (await _http.JsonAsync(HttpMethod.Get, $"bookings?id={id}")).GetProperty("data")[0];

        Assert.Equal("API", read.GetProperty("referer").GetString());
        Assert.Equal("", read.GetProperty("apiSource").GetString());
        Assert.Equal("direct", _server.State.GetBooking(id)!.Channel);
    }

    [Fact]
    public async Task PostBookings_NewBooking_AnswerNamesTheIdInNewAndInAnInfoItem()
    {
        var answer = (await _http.JsonAsync(HttpMethod.Post, "bookings", 201, $"[{NewItem()}]"))[0];

        var id = answer.GetProperty("new").GetProperty("id").GetInt64();
        var info = Assert.Single(answer.GetProperty("info").EnumerateArray());
        Assert.Equal(("new booking", id), (info.GetProperty("action").GetString(), info.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task PostBookings_CancelledThroughTheApi_LeavesCancelTimeNull()
    {
        var id = (await _http.JsonAsync(HttpMethod.Post, "bookings", 201, $"[{NewItem()}]"))[0].GetProperty("new").GetProperty("id").GetInt64();
        await _http.JsonAsync(HttpMethod.Post, "bookings", 201, $$$"""[{"id":{{{id}}},"status":"cancelled"}]""");

        var read = (await _http.JsonAsync(HttpMethod.Get, $"bookings?id={id}&status=cancelled")).GetProperty("data")[0];

        Assert.Equal("cancelled", read.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, read.GetProperty("cancelTime").ValueKind);
    }

    private async Task<decimal> SpentOnAsync(Func<Task> call)
    {
        var before = _server.State.CreditsSpent(_owner);
        await call();
        return _server.State.CreditsSpent(_owner) - before;
    }
}
