using System.Globalization;
using System.Net;
using System.Text.Json;
using Beds24.Simulator;
using Microsoft.Extensions.Time.Testing;

namespace Beds24.Api.Tests.Simulator;

/// <summary>
/// The simulator's Beds24 semantics (FACTS.md), checked over plain HTTP on a fake clock: auth lifetimes, booking
/// defaults and paging, per-item write results, credits, calendar storage and fault injection.
/// </summary>
public sealed class SimulatorBehaviourTests : IAsyncLifetime
{
    private static readonly DateOnly Today = new(2026, 11, 24);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private Beds24SimulatorServer _server = null!;
    private RawSimulatorClient _http = null!;
    private int _owner;
    private long _property;
    private long _room;

    public async Task InitializeAsync()
    {
        _server = await Beds24SimulatorServer.StartAsync(new SimulatorOptions { TimeProvider = _time, CreditLimit = 20m });
        _owner = _server.State.CreateAccount("Behaviour");
        _property = _server.State.AddProperty(_owner, "Hotel");
        _room = _server.State.AddRoom(_property, "Double", qty: 1);
        _http = new RawSimulatorClient(_server);
        await _http.LoginAsync(_owner);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task AuthenticationSetup_InviteCodeUsedTwice_SecondUseIsRefused()
    {
        var code = _server.State.CreateInviteCode(_owner);

        using var first = await _http.SendAsync(HttpMethod.Get, "authentication/setup", headers: ("code", code));
        using var second = await _http.SendAsync(HttpMethod.Get, "authentication/setup", headers: ("code", code));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var body = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
        Assert.StartsWith("refresh-", body.GetProperty("refreshToken").GetString());
        Assert.Equal(86_400, body.GetProperty("expiresIn").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
    }

    [Fact]
    public async Task AuthenticationSetup_InviteCodeOlderThan24Hours_IsRefused()
    {
        var code = _server.State.CreateInviteCode(_owner);
        _time.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));

        using var response = await _http.SendAsync(HttpMethod.Get, "authentication/setup", headers: ("code", code));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AnyCall_AccessTokenPastItsLifetime_Answers401WithBeds24ErrorBody()
    {
        _time.Advance(TimeSpan.FromHours(24));

        var body = await _http.JsonAsync(HttpMethod.Get, "properties", expectedStatus: 401);

        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.Contains("expired", body.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task DeleteAuthenticationToken_RevokesTheRefreshToken()
    {
        var refresh = _server.State.IssueRefreshToken(_owner);

        using var revoke = await _http.SendAsync(HttpMethod.Delete, "authentication/token", headers: ("refreshToken", refresh));
        using var reuse = await _http.SendAsync(HttpMethod.Get, "authentication/token", headers: ("refreshToken", refresh));

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, reuse.StatusCode);
    }

    [Fact]
    public async Task GetBookings_CommaSeparatedIds_Answers400()
    {
        var body = await _http.JsonAsync(HttpMethod.Get, "bookings?id=1,2", expectedStatus: 400);

        Assert.Contains("comma", body.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task GetBookings_NoDateFilter_LeavesOutPastAndCancelledBookings()
    {
        var room = _server.State.AddRoom(_property, "Big", qty: 10);
        var past = Seed(room, Today.AddDays(-5), Today.AddDays(-2));
        var future = Seed(room, Today.AddDays(3), Today.AddDays(5));
        var cancelled = Seed(room, Today.AddDays(3), Today.AddDays(5), "cancelled");

        var defaults = Ids(await _http.JsonAsync(HttpMethod.Get, $"bookings?roomId={room}"));
        var onlyCancelled = Ids(await _http.JsonAsync(HttpMethod.Get, $"bookings?roomId={room}&status=cancelled"));
        var withPast = Ids(await _http.JsonAsync(HttpMethod.Get, $"bookings?roomId={room}&arrivalFrom={Today.AddDays(-30):yyyy-MM-dd}&status=confirmed&status=cancelled"));

        Assert.Equal([future], defaults);
        Assert.Equal([cancelled], onlyCancelled);
        Assert.Equal([past, future, cancelled], withPast);
    }

    [Fact]
    public async Task GetBookings_RepeatedIdParameter_ReturnsEachBooking()
    {
        var room = _server.State.AddRoom(_property, "Big", qty: 10);
        var a = Seed(room, Today.AddDays(1), Today.AddDays(2));
        Seed(room, Today.AddDays(1), Today.AddDays(2));
        var c = Seed(room, Today.AddDays(1), Today.AddDays(2));

        var ids = Ids(await _http.JsonAsync(HttpMethod.Get, $"bookings?id={a}&id={c}"));

        Assert.Equal([a, c], ids);
    }

    [Fact]
    public async Task GetBookings_MoreThanOnePage_LinksTheNextPageUntilTheLast()
    {
        var room = _server.State.AddRoom(_property, "Big", qty: 500);
        _server.State.SeedBookings(Enumerable.Range(0, 150).Select(_ => new SimBooking { RoomId = room, Arrival = Today.AddDays(1), Departure = Today.AddDays(2) }));

        var first = await _http.JsonAsync(HttpMethod.Get, $"bookings?roomId={room}");
        var link = first.GetProperty("pages").GetProperty("nextPageLink").GetString()!;
        var second = await _http.JsonAsync(HttpMethod.Get, new Uri(link).PathAndQuery.Replace("/v2/", "", StringComparison.Ordinal));

        Assert.Equal(100, first.GetProperty("count").GetInt32());
        Assert.True(first.GetProperty("pages").GetProperty("nextPageExists").GetBoolean());
        Assert.Contains($"roomId={room}", link, StringComparison.Ordinal);
        Assert.Equal(50, second.GetProperty("count").GetInt32());
        Assert.False(second.GetProperty("pages").GetProperty("nextPageExists").GetBoolean());
        Assert.Empty(Ids(first).Intersect(Ids(second)));
    }

    [Fact]
    public async Task GetBookings_ModifiedFrom_ReturnsOnlyBookingsChangedSince()
    {
        var room = _server.State.AddRoom(_property, "Big", qty: 10);
        Seed(room, Today.AddDays(1), Today.AddDays(2));
        var changed = Seed(room, Today.AddDays(1), Today.AddDays(2));
        _time.Advance(TimeSpan.FromMinutes(10));
        var since = _time.GetUtcNow().AddSeconds(-1);
        _server.State.ModifyBooking(changed, b => b with { NumAdult = 2 });

        var ids = Ids(await _http.JsonAsync(HttpMethod.Get, $"bookings?roomId={room}&modifiedFrom={since:yyyy-MM-ddTHH:mm:ss}"));

        Assert.Equal([changed], ids);
    }

    [Fact]
    public async Task PostBookings_MixedBatch_AnswersPerItemAndOnlyRefusedItemsAreSkipped()
    {
        var taken = Seed(_room, Today.AddDays(10), Today.AddDays(12));
        var batch = $$$"""
            [
              {"roomId":{{{_room}}},"arrival":"{{{Today.AddDays(20):yyyy-MM-dd}}}","departure":"{{{Today.AddDays(21):yyyy-MM-dd}}}","apiReference":"PMS-7","actions":{"checkAvailability":true}},
              {"roomId":{{{_room}}},"arrival":"{{{Today.AddDays(11):yyyy-MM-dd}}}","departure":"{{{Today.AddDays(12):yyyy-MM-dd}}}","actions":{"checkAvailability":true}},
              {"id":{{{taken}}},"numAdult":3},
              {"id":1,"numAdult":3}
            ]
            """;

        var results = (await _http.JsonAsync(HttpMethod.Post, "bookings", 201, batch)).EnumerateArray().ToList();

        Assert.Equal(4, results.Count);
        Assert.True(results[0].GetProperty("success").GetBoolean());
        var created = results[0].GetProperty("new").GetProperty("id").GetInt64();
        Assert.Null(_server.State.GetBooking(created)!.ApiReference); // not in the POST schema: dropped (see SimulatorFidelityTests)
        Assert.False(results[1].GetProperty("success").GetBoolean());
        Assert.Equal("checkAvailability", results[1].GetProperty("errors")[0].GetProperty("action").GetString());
        Assert.True(results[2].GetProperty("success").GetBoolean());
        Assert.Equal(3, _server.State.GetBooking(taken)!.NumAdult);
        Assert.False(results[3].GetProperty("success").GetBoolean());
        Assert.Equal(2, _server.State.GetBookings(_owner).Count);
    }

    [Fact]
    public async Task DeleteBookings_RepeatedIds_AnswersPerIdAndFreesTheRoom()
    {
        var booking = Seed(_room, Today.AddDays(30), Today.AddDays(31));
        Assert.Equal(0, _server.State.GetAvailability(_room, Today.AddDays(30)));

        var results = (await _http.JsonAsync(HttpMethod.Delete, $"bookings?id={booking}&id=1", 201)).EnumerateArray().ToList();

        Assert.True(results[0].GetProperty("success").GetBoolean());
        Assert.False(results[1].GetProperty("success").GetBoolean());
        Assert.Null(_server.State.GetBooking(booking));
        Assert.Equal(1, _server.State.GetAvailability(_room, Today.AddDays(30)));
    }

    [Fact]
    public async Task EveryAnswer_CarriesTheCreditHeadersAsDecimals()
    {
        var room = _server.State.AddRoom(_property, "Big", qty: 500);
        _server.State.SeedBookings(Enumerable.Range(0, 100).Select(_ => new SimBooking { RoomId = room, Arrival = Today.AddDays(1), Departure = Today.AddDays(2) }));
        var before = _server.State.CreditsSpent(_owner);

        using var response = await _http.SendAsync(HttpMethod.Get, $"bookings?roomId={room}");

        Assert.Equal("1.5", Header(response, "x-request-cost"));
        var remaining = decimal.Parse(Header(response, "x-five-min-limit-remaining"), CultureInfo.InvariantCulture);
        Assert.Equal(20m - before - 1.5m, remaining);
        Assert.InRange(int.Parse(Header(response, "x-five-min-limit-resets-in"), CultureInfo.InvariantCulture), 1, 300);
        Assert.Equal(before + 1.5m, _server.State.CreditsSpent(_owner));
    }

    [Fact]
    public async Task AnyCall_CreditsSpent_Answers429MentioningTheLimitUntilTheWindowResets()
    {
        _server.State.ExhaustCredits(_owner);

        using var refused = await _http.SendAsync(HttpMethod.Get, "properties");
        var refusedBody = await refused.Content.ReadAsStringAsync();
        _time.Advance(TimeSpan.FromMinutes(5));
        using var afterReset = await _http.SendAsync(HttpMethod.Get, "properties");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("limit", refusedBody, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("0", Header(refused, "x-five-min-limit-remaining"));
        Assert.Equal(HttpStatusCode.OK, afterReset.StatusCode);
    }

    [Fact]
    public async Task PostCalendar_NullValue_DeletesItAndGetCompressesEqualDays()
    {
        var from = Today.AddDays(40);
        await _http.JsonAsync(HttpMethod.Post, "inventory/rooms/calendar", 201,
            $$"""[{"roomId":{{_room}},"calendar":[{"from":"{{from:yyyy-MM-dd}}","to":"{{from.AddDays(4):yyyy-MM-dd}}","minStay":3,"price1":90}]}]""");
        await _http.JsonAsync(HttpMethod.Post, "inventory/rooms/calendar", 201,
            $$"""[{"roomId":{{_room}},"calendar":[{"from":"{{from.AddDays(2):yyyy-MM-dd}}","to":"{{from.AddDays(2):yyyy-MM-dd}}","minStay":null}]}]""");

        var read = await _http.JsonAsync(HttpMethod.Get,
            $"inventory/rooms/calendar?roomId={_room}&startDate={from:yyyy-MM-dd}&endDate={from.AddDays(4):yyyy-MM-dd}&includeMinStay=true&includePrices=true");

        var ranges = read.GetProperty("data")[0].GetProperty("calendar").EnumerateArray().ToList();
        Assert.Equal(3, ranges.Count);
        Assert.Equal(SimDate(from.AddDays(1)), ranges[0].GetProperty("to").GetString());
        Assert.False(ranges[1].TryGetProperty("minStay", out _));
        Assert.Equal(90m, ranges[1].GetProperty("price1").GetDecimal());
        Assert.Equal(SimDate(from.AddDays(4)), ranges[2].GetProperty("to").GetString());
        Assert.Null(_server.State.GetCalendarDay(_room, from.AddDays(2))!.MinStay);
    }

    [Fact]
    public async Task GetCalendar_NoIncludeFlag_ReturnsAnEmptyCalendar()
    {
        var read = await _http.JsonAsync(HttpMethod.Get, $"inventory/rooms/calendar?roomId={_room}&startDate={Today:yyyy-MM-dd}&endDate={Today.AddDays(3):yyyy-MM-dd}");

        Assert.Empty(read.GetProperty("data")[0].GetProperty("calendar").EnumerateArray());
    }

    [Fact]
    public async Task NumAvail_SetThenBooked_DropsAndCheckAvailabilityRefusesTheNextCreate()
    {
        var room = _server.State.AddRoom(_property, "Twin", qty: 5);
        var night = Today.AddDays(50);
        await _http.JsonAsync(HttpMethod.Post, "inventory/rooms/calendar", 201,
            $$"""[{"roomId":{{room}},"calendar":[{"from":"{{night:yyyy-MM-dd}}","to":"{{night:yyyy-MM-dd}}","numAvail":1}]}]""");
        _server.State.AddBooking(new SimBooking { RoomId = room, Arrival = night, Departure = night.AddDays(1) });

        var read = await _http.JsonAsync(HttpMethod.Get, $"inventory/rooms/calendar?roomId={room}&startDate={night:yyyy-MM-dd}&endDate={night:yyyy-MM-dd}&includeNumAvail=true");
        var create = await _http.JsonAsync(HttpMethod.Post, "bookings", 201,
            $$$"""[{"roomId":{{{room}}},"arrival":"{{{night:yyyy-MM-dd}}}","departure":"{{{night.AddDays(1):yyyy-MM-dd}}}","actions":{"checkAvailability":true}}]""");

        Assert.Equal(0, read.GetProperty("data")[0].GetProperty("calendar")[0].GetProperty("numAvail").GetInt32());
        Assert.False(create[0].GetProperty("success").GetBoolean());
    }

    [Fact]
    public async Task Faults_DropNext_AbortsTheConnectionOnce()
    {
        _server.Faults.DropNext(1, "properties");

        await Assert.ThrowsAsync<HttpRequestException>(() => _http.SendAsync(HttpMethod.Get, "properties"));
        using var next = await _http.SendAsync(HttpMethod.Get, "properties");

        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task Faults_OutageOfOnePath_LeavesOtherPathsWorkingUntilCleared()
    {
        _server.Faults.StartOutage("bookings");

        using var bookings = await _http.SendAsync(HttpMethod.Get, "bookings");
        using var properties = await _http.SendAsync(HttpMethod.Get, "properties");
        _server.Faults.Clear();
        using var afterClear = await _http.SendAsync(HttpMethod.Get, "bookings");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, bookings.StatusCode);
        Assert.Equal(HttpStatusCode.OK, properties.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterClear.StatusCode);
    }

    [Fact]
    public async Task Faults_FailNextWith429_AnswersTheLimitWithNothingRemaining()
    {
        _server.Faults.FailNext(2, 429, "properties");

        using var first = await _http.SendAsync(HttpMethod.Get, "properties");
        using var second = await _http.SendAsync(HttpMethod.Get, "properties");
        using var third = await _http.SendAsync(HttpMethod.Get, "properties");

        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal("0", Header(first, "x-five-min-limit-remaining"));
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Fact]
    public async Task RequestCount_CountsEveryCallByMethodAndPath()
    {
        _server.State.ResetCounters();

        await _http.JsonAsync(HttpMethod.Get, "properties");
        await _http.JsonAsync(HttpMethod.Get, "bookings");
        await _http.JsonAsync(HttpMethod.Get, "bookings");

        Assert.Equal(2, _server.State.RequestCount("GET", "bookings"));
        Assert.Equal(1, _server.State.RequestCount("properties"));
        Assert.Equal(3, _server.State.RequestCount());
    }

    private long Seed(long room, DateOnly arrival, DateOnly departure, string status = "confirmed")
    {
        var booking = new SimBooking { RoomId = room, Arrival = arrival, Departure = departure, Status = status };
        _server.State.SeedBookings([booking]);
        return _server.State.GetBookings(_owner).Max(b => b.Id);
    }

    private static List<long> Ids(JsonElement page) => [.. page.GetProperty("data").EnumerateArray().Select(b => b.GetProperty("id").GetInt64())];

    private static string Header(HttpResponseMessage response, string name) => string.Join(",", response.Headers.GetValues(name));

    private static string SimDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
