using Beds24.Simulator;

namespace Beds24.Api.Tests.Simulator;

/// <summary>The simulator's own controls (outside Beds24's API), for driving a running host by hand.</summary>
public sealed class SimulatorControlTests : IAsyncLifetime
{
    private static readonly DateOnly Future = DateOnly.FromDateTime(DateTime.UtcNow.Date).AddDays(40);
    private Beds24SimulatorServer _server = null!;
    private RawSimulatorClient _http = null!;
    private int _owner;
    private long _room;

    public async Task InitializeAsync()
    {
        _server = await Beds24SimulatorServer.StartAsync(new SimulatorOptions());
        _owner = _server.State.CreateAccount("Control");
        _room = _server.State.AddRoom(_server.State.AddProperty(_owner, "Hotel"), "Double", qty: 3);
        _http = new RawSimulatorClient(_server);
        await _http.LoginAsync(_owner);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task LoseAnswer_ThenACreate_IsAppliedAndAnswered502()
    {
        await _http.JsonAsync(HttpMethod.Post, "../_simulator/faults/lose-answer?path=bookings&count=1");

        using var lost = await _http.SendAsync(HttpMethod.Post, "bookings", $$$"""[{"roomId":{{{_room}}},"arrival":"{{{Future:yyyy-MM-dd}}}","departure":"{{{Future.AddDays(1):yyyy-MM-dd}}}"}]""");

        Assert.Equal(502, (int)lost.StatusCode);
        Assert.Single(_server.State.GetBookings(_owner));
        Assert.Equal(1, (await _http.JsonAsync(HttpMethod.Get, "../_simulator/faults")).GetProperty("answersLost").GetInt32());
    }

    [Fact]
    public async Task ChannelReservation_ThenMoveAndCancel_ChangeTheBookingsAsAnOtaWould()
    {
        var made = await _http.JsonAsync(HttpMethod.Post, "../_simulator/channel-reservations", json: $$$"""
            {"channel":"booking","apiSource":"Booking.com","reference":"BDC-77","rooms":[
              {"roomId":{{{_room}}},"arrival":"{{{Future:yyyy-MM-dd}}}","departure":"{{{Future.AddDays(2):yyyy-MM-dd}}}","lastName":"One"},
              {"roomId":{{{_room}}},"arrival":"{{{Future:yyyy-MM-dd}}}","departure":"{{{Future.AddDays(2):yyyy-MM-dd}}}","lastName":"Two"}]}
            """);
        var ids = made.GetProperty("ids").EnumerateArray().Select(e => e.GetInt64()).ToList();

        await _http.JsonAsync(HttpMethod.Post, $"../_simulator/bookings/{ids[0]}/move?nights=2");
        await _http.JsonAsync(HttpMethod.Post, $"../_simulator/bookings/{ids[1]}/cancel");

        Assert.All(ids, id => Assert.Equal("BDC-77", _server.State.GetBooking(id)!.ApiReference));
        Assert.Equal(Future.AddDays(4), _server.State.GetBooking(ids[0])!.Departure);
        Assert.Equal("cancelled", _server.State.GetBooking(ids[1])!.Status);
    }

    [Theory]
    [InlineData("faults/lose-answer?count=0")]
    [InlineData("faults/lose-answer?how=sometimes")]
    [InlineData("faults/fail?status=200")]
    [InlineData("faults/fail?count=many")]
    [InlineData("bookings/424242/cancel")]
    public async Task Controls_BadInput_Answer400WithWhatIsWrong(string path)
    {
        var error = await _http.JsonAsync(HttpMethod.Post, "../_simulator/" + path, expectedStatus: 400);

        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task ChannelReservation_WithoutReference_Answers400()
    {
        var error = await _http.JsonAsync(HttpMethod.Post, "../_simulator/channel-reservations", 400,
            $$$"""{"rooms":[{"roomId":{{{_room}}},"arrival":"{{{Future:yyyy-MM-dd}}}","departure":"{{{Future.AddDays(1):yyyy-MM-dd}}}"}]}""");

        Assert.Contains("reference", error.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(_server.State.GetBookings(_owner));
    }
}
