using System.Net;
using System.Text.Json;
using Beds24.Api.Models;
using Beds24.Api.Tests.Unit.Fakes;

namespace Beds24.Api.Tests.Unit;

public sealed class InventoryTests
{
    private static readonly Uri Base = new("http://beds24.test/v2/");
    private static readonly DateOnly Day1 = new(2026, 12, 1);

    [Fact]
    public async Task GetCalendar_RangesWithPrices_AreReadWithInclusiveToAndPriceSlots()
    {
        const string body = """
            {"success":true,"type":"calendar","pages":{"nextPageExists":false},"data":[
              {"roomId":7,"propertyId":3,"calendar":[
                {"from":"2026-12-01","to":"2026-12-03","numAvail":2,"minStay":"2","maxStay":14,"override":"none","price1":100,"price3":"85.5","price17":1},
                {"from":"2026-12-04","numAvail":-1,"multiplier":1.2},
                {"to":"2026-12-09","numAvail":5}]}]}
            """;
        var handler = Answers.TokenThen(_ => ScriptedHandler.Json(HttpStatusCode.OK, body));
        using var harness = new ClientHarness(Base, "refresh-1", handler);

        var rooms = await harness.Client.GetCalendarAsync(new CalendarQuery { RoomIds = [7, 8], StartDate = Day1, EndDate = Day1.AddDays(9) });

        var room = Assert.Single(rooms);
        Assert.Equal(7, room.RoomId);
        Assert.Equal(2, room.Calendar.Count); // the range without a from date is dropped
        var first = room.Calendar[0];
        Assert.Equal((Day1, Day1.AddDays(2)), (first.From, first.To));
        Assert.Equal(2, first.MinStay);
        Assert.Equal(new Dictionary<int, decimal> { [1] = 100m, [3] = 85.5m }, first.Prices);
        var second = room.Calendar[1];
        Assert.Equal((Day1.AddDays(3), Day1.AddDays(3)), (second.From, second.To));
        Assert.Equal(-1, second.NumAvail);
        Assert.Equal(1.2m, second.Multiplier);
        Assert.Null(second.Prices);
        Assert.Equal(4, CalendarRanges.Expand(room).Count);
        Assert.Equal(
            "/v2/inventory/rooms/calendar?roomId=7&roomId=8&startDate=2026-12-01&endDate=2026-12-10&includeNumAvail=true&includeMinStay=true&includeMaxStay=true&includeOverride=true&includePrices=true",
            handler.Requests.Single(r => r.Is("GET", "/inventory/rooms/calendar")).Url);
    }

    [Fact]
    public async Task GetCalendar_SeveralPages_CollectsEveryRoom()
    {
        var handler = Answers.TokenThen(request => ScriptedHandler.Json(HttpStatusCode.OK, request.RequestUri!.Query.Contains("page=2", StringComparison.Ordinal)
            ? """{"success":true,"pages":{"nextPageExists":false},"data":[{"roomId":8,"calendar":[]}]}"""
            : """{"success":true,"pages":{"nextPageExists":true},"data":[{"roomId":7,"calendar":[]}]}"""));
        using var harness = new ClientHarness(Base, "refresh-1", handler);

        var rooms = await harness.Client.GetCalendarAsync(new CalendarQuery { RoomIds = [7, 8], StartDate = Day1, EndDate = Day1 });

        Assert.Equal([7L, 8L], rooms.Select(r => r.RoomId));
    }

    [Fact]
    public async Task UpdateCalendar_PricesAndClearedFields_AreWrittenAsPriceSlotsAndJsonNull()
    {
        var handler = Answers.TokenThen(_ => ScriptedHandler.Json(HttpStatusCode.Created,
            """[{"success":true},{"success":false,"errors":[{"action":"modify","field":"minStay","message":"minStay must be at least 1"}],"warnings":[{"field":"price1","message":"price below minimum"}]}]"""));
        using var harness = new ClientHarness(Base, "refresh-1", handler);

        var results = await harness.Client.UpdateCalendarAsync(
        [
            new Beds24RoomCalendar(7, [new Beds24CalendarRange
            {
                From = Day1, To = Day1.AddDays(30), NumAvail = 0, Override = "blackout",
                Prices = new Dictionary<int, decimal> { [1] = 99.9m, [16] = 10m },
                Cleared = ["minStay", "price2"],
            }]),
            new Beds24RoomCalendar(8, [new Beds24CalendarRange { From = Day1, To = Day1, MinStay = 0 }]),
        ]);

        using var body = JsonDocument.Parse(Assert.Single(handler.Requests, r => r.Is("POST", "/inventory/rooms/calendar")).Body!);
        var range = body.RootElement[0].GetProperty("calendar")[0];
        Assert.Equal(7, body.RootElement[0].GetProperty("roomId").GetInt64());
        Assert.Equal("2026-12-01", range.GetProperty("from").GetString());
        Assert.Equal("2026-12-31", range.GetProperty("to").GetString());
        Assert.Equal(0, range.GetProperty("numAvail").GetInt32());
        Assert.Equal("blackout", range.GetProperty("override").GetString());
        Assert.Equal(99.9m, range.GetProperty("price1").GetDecimal());
        Assert.Equal(10m, range.GetProperty("price16").GetDecimal());
        Assert.Equal(JsonValueKind.Null, range.GetProperty("minStay").ValueKind);
        Assert.Equal(JsonValueKind.Null, range.GetProperty("price2").ValueKind);
        Assert.False(range.TryGetProperty("maxStay", out _)); // unset means unchanged: not sent
        Assert.Equal([true, false], results.Select(r => r.Success));
        Assert.Equal([7L, 8L], results.Select(r => r.RoomId!.Value));
        Assert.Equal("minStay", Assert.Single(results[1].Errors).Field);
        Assert.Single(results[1].Warnings);
    }

    [Fact]
    public async Task UpdateCalendar_PriceSlotOutOfRange_ThrowsBeforeSending()
    {
        var handler = Answers.TokenThen(_ => ScriptedHandler.Json(HttpStatusCode.Created, "[]"));
        using var harness = new ClientHarness(Base, "refresh-1", handler);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => harness.Client.UpdateCalendarAsync(
            [new Beds24RoomCalendar(7, [new Beds24CalendarRange { From = Day1, To = Day1, Prices = new Dictionary<int, decimal> { [17] = 1m } }])]));

        Assert.Equal(0, handler.Calls);
    }

    [Fact]
    public async Task GetProperties_SeveralPages_ReturnsPropertiesWithRoomTypes()
    {
        var handler = Answers.TokenThen(request => ScriptedHandler.Json(HttpStatusCode.OK, request.RequestUri!.Query.Contains("page=2", StringComparison.Ordinal)
            ? """{"success":true,"type":"property","pages":{"nextPageExists":false},"data":[{"id":"4","name":"Second","roomTypes":null}]}"""
            : """
              {"success":true,"type":"property","pages":{"nextPageExists":true},"data":[{"id":3,"name":"Seaside","currency":"EUR","propertyType":"hotel",
                "roomTypes":[{"id":70,"name":"Double","qty":"2","roomType":"double","units":[{"id":1,"name":"101","statusColor":"green"},{"id":2,"name":"102"}]},
                             {"id":71,"propertyId":3,"name":"Suite","qty":1}]}]}
              """));
        using var harness = new ClientHarness(Base, "refresh-1", handler);

        var properties = await harness.Client.GetPropertiesAsync(new PropertyQuery { Ids = [3, 4], IncludeUnitDetails = true }).ToListAsync();

        Assert.Equal([3L, 4L], properties.Select(p => p.Id));
        Assert.Empty(properties[1].RoomTypes);
        var seaside = properties[0];
        Assert.Equal("EUR", seaside.Currency);
        Assert.Equal([70L, 71L], seaside.RoomTypes.Select(r => r.Id));
        Assert.All(seaside.RoomTypes, r => Assert.Equal(3, r.PropertyId));
        Assert.Equal(2, seaside.RoomTypes[0].Qty);
        Assert.Equal(["101", "102"], seaside.RoomTypes[0].Units.Select(u => u.Name));
        var first = handler.Requests.First(r => r.Is("GET", "/properties")).Url;
        Assert.Equal("/v2/properties?id=3&id=4&includeAllRooms=true&includeUnitDetails=true", first);
    }
}
