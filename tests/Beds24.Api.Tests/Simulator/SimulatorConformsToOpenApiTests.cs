using System.Net.Http.Headers;
using Beds24.Simulator;
using NJsonSchema;

namespace Beds24.Api.Tests.Simulator;

/// <summary>A sample of the simulator's answers validated against the response schemas of Beds24's OpenAPI document.</summary>
public sealed class SimulatorConformsToOpenApiTests : IAsyncLifetime
{
    private static readonly Lazy<OpenApiDocument> Spec = new(OpenApiDocument.Load);
    private static readonly DateOnly Future = DateOnly.FromDateTime(DateTime.UtcNow.Date).AddDays(20);
    private Beds24SimulatorServer _server = null!;
    private readonly HttpClient _http = new();
    private string _token = "";
    private long _room;
    private long _property;
    private int _owner;

    public async Task InitializeAsync()
    {
        _server = await Beds24SimulatorServer.StartAsync();
        _owner = _server.State.CreateAccount("Spec");
        _property = _server.State.AddProperty(_owner, "Spec Hotel");
        _room = _server.State.AddRoom(_property, "Double", 3);
        _server.State.AddBooking(new SimBooking
        {
            RoomId = _room,
            Arrival = Future,
            Departure = Future.AddDays(2),
            FirstName = "Ann",
            LastName = "Guest",
            Email = "ann@example.com",
            Channel = "booking",
            ApiReference = "R-1",
            Price = 200m,
        });
        var refresh = _server.State.IssueRefreshToken(_owner);
        var tokenBody = await SendAsync(HttpMethod.Get, "authentication/token", headers: ("refreshToken", refresh));
        _token = System.Text.Json.JsonDocument.Parse(tokenBody).RootElement.GetProperty("token").GetString()!;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task AuthenticationSetup_Response_MatchesSpec()
    {
        var code = _server.State.CreateInviteCode(_owner);
        var body = await SendAsync(HttpMethod.Get, "authentication/setup", headers: ("code", code));
        await AssertValid(await Spec.Value.ResponseSchemaAsync("/authentication/setup", "get", "200"), body);
    }

    [Fact]
    public async Task AuthenticationToken_Response_MatchesSpec()
    {
        var body = await SendAsync(HttpMethod.Get, "authentication/token", headers: ("refreshToken", _server.State.IssueRefreshToken(_owner)));
        await AssertValid(await Spec.Value.ResponseSchemaAsync("/authentication/token", "get", "200"), body);
    }

    [Fact]
    public async Task AuthenticationDetails_Response_MatchesSpec() =>
        await AssertValid(await Spec.Value.ResponseSchemaAsync("/authentication/details", "get", "200"), await SendAsync(HttpMethod.Get, "authentication/details"));

    [Fact]
    public async Task GetBookings_Response_MatchesSpec() =>
        await AssertValid(await Spec.Value.ResponseSchemaAsync("/bookings", "get", "200"), await SendAsync(HttpMethod.Get, $"bookings?propertyId={_property}&status=confirmed&status=cancelled"));

    [Fact]
    public async Task PostBookings_Response_MatchesSpec()
    {
        var request = $$$"""[{"roomId":{{{_room}}},"arrival":"{{{Future:yyyy-MM-dd}}}","departure":"{{{Future.AddDays(1):yyyy-MM-dd}}}","apiReference":"R-2","actions":{"checkAvailability":true}},{"id":1,"numAdult":2}]""";
        await AssertValid(await Spec.Value.ResponseSchemaAsync("/bookings", "post", "201"), await SendAsync(HttpMethod.Post, "bookings", request, expected: 201));
    }

    [Fact]
    public async Task GetCalendar_Response_MatchesSpec()
    {
        var update = $$"""[{"roomId":{{_room}},"calendar":[{"from":"{{Future:yyyy-MM-dd}}","to":"{{Future.AddDays(3):yyyy-MM-dd}}","minStay":2,"price1":99.5}]}]""";
        await SendAsync(HttpMethod.Post, "inventory/rooms/calendar", update, expected: 201);
        var body = await SendAsync(HttpMethod.Get, $"inventory/rooms/calendar?roomId={_room}&startDate={Future:yyyy-MM-dd}&endDate={Future.AddDays(5):yyyy-MM-dd}&includeNumAvail=true&includeMinStay=true&includePrices=true&includeOverride=true");
        await AssertValid(await Spec.Value.ResponseSchemaAsync("/inventory/rooms/calendar", "get", "200"), body);
    }

    [Fact]
    public async Task GetProperties_Response_MatchesSpec() =>
        await AssertValid(await Spec.Value.ResponseSchemaAsync("/properties", "get", "200"), await SendAsync(HttpMethod.Get, "properties?includeAllRooms=true"));

    [Fact]
    public async Task BadRequest_ErrorBody_MatchesSpec() =>
        await AssertValid(await Spec.Value.ComponentSchemaAsync("UnsuccessfulApiResponse"), await SendAsync(HttpMethod.Get, "bookings?id=1,2", expected: 400));

    [Fact]
    public async Task DeleteBookings_Response_MatchesSpec()
    {
        var booking = _server.State.AddBooking(new SimBooking { RoomId = _room, Arrival = Future.AddDays(5), Departure = Future.AddDays(6) });
        var body = await SendAsync(HttpMethod.Delete, $"bookings?id={booking.Id}&id=1", expected: 201);
        await AssertValid(await Spec.Value.ResponseSchemaAsync("/bookings", "delete", "201"), body);
    }

    [Fact]
    public async Task PostCalendar_Response_MatchesSpec()
    {
        var update = $$"""[{"roomId":{{_room}},"calendar":[{"from":"{{Future:yyyy-MM-dd}}","to":"{{Future:yyyy-MM-dd}}","numAvail":2}]},{"roomId":1,"calendar":[]}]""";
        await AssertValid(await Spec.Value.ResponseSchemaAsync("/inventory/rooms/calendar", "post", "201"), await SendAsync(HttpMethod.Post, "inventory/rooms/calendar", update, expected: 201));
    }

    [Fact]
    public async Task Unauthorized_ErrorBody_HasTheSpecsErrorShape()
    {
        _token = "access-unknown";
        await AssertValid(await Spec.Value.ComponentSchemaAsync("UnsuccessfulApiResponse"), await SendAsync(HttpMethod.Get, "properties", expected: 401));
    }

    [Fact]
    public async Task CreditLimit_ErrorBody_HasTheSpecsErrorShape()
    {
        _server.State.ExhaustCredits(_owner);
        await AssertValid(await Spec.Value.ComponentSchemaAsync("UnsuccessfulApiResponse"), await SendAsync(HttpMethod.Get, "properties", expected: 429));
    }

    [Fact]
    public async Task BookingWebhook_Payload_MatchesSpec()
    {
        await using var recorder = await Beds24.Testing.WebhookRecorder.StartAsync();
        _server.State.ConfigureBookingWebhook(_property, recorder.Url, new Dictionary<string, string>());
        var booking = _server.State.AddBooking(new SimBooking { RoomId = _room, Arrival = Future.AddDays(8), Departure = Future.AddDays(9), LastName = "Guest", Price = 99m });
        _server.State.CancelBooking(booking.Id);

        var received = await recorder.WaitForAsync(2);

        var schema = await Spec.Value.RequestSchemaAsync("Webhooks - bookings", "post");
        foreach (var delivery in received)
        {
            await AssertValid(schema, delivery.Body);
        }
    }

    [Fact]
    public async Task Schema_BrokenResponse_IsRejected()
    {
        // Guards the guard: a response with a wrong type must fail validation.
        var schema = await Spec.Value.ResponseSchemaAsync("/authentication/token", "get", "200");
        Assert.NotEmpty(schema.Validate("""{"token":"t","expiresIn":"soon"}"""));
    }

    private static Task AssertValid(JsonSchema schema, string body)
    {
        var errors = schema.Validate(body);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors.Select(e => $"{e.Path}: {e.Kind}")) + Environment.NewLine + body);
        return Task.CompletedTask;
    }

    private async Task<string> SendAsync(HttpMethod method, string path, string? json = null, int expected = 200, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, new Uri(_server.BaseAddress, path));
        if (_token.Length > 0)
        {
            request.Headers.Add("token", _token);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, new MediaTypeHeaderValue("application/json"));
        }

        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expected, $"{method} {path} answered {(int)response.StatusCode}: {body}");
        return body;
    }
}
