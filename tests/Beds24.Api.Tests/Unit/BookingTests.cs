using System.Net;
using System.Text.Json;
using Beds24.Api.Errors;
using Beds24.Api.Models;
using Beds24.Api.Tests.Unit.Fakes;

namespace Beds24.Api.Tests.Unit;

public sealed class BookingTests
{
    private static readonly Uri Base = new("http://beds24.test/v2/");

    [Fact]
    public async Task GetBookings_EveryFilter_IsSentInBeds24Format()
    {
        var handler = Answers.TokenThen(_ => Answers.EmptyBookings());
        using var harness = new ClientHarness(Base, "refresh-1", handler);
        var query = new BookingQuery
        {
            Ids = [11, 12],
            PropertyIds = [1, 2],
            RoomIds = [3, 4],
            MasterIds = [5],
            ApiReferences = ["PMS-1", "PMS 2"],
            Statuses = [Beds24BookingStatuses.Confirmed, Beds24BookingStatuses.Cancelled],
            Filter = "arrivals",
            Channel = "booking",
            Arrival = new DateOnly(2026, 12, 1),
            ArrivalFrom = new DateOnly(2026, 12, 2),
            ArrivalTo = new DateOnly(2026, 12, 3),
            Departure = new DateOnly(2026, 12, 4),
            DepartureFrom = new DateOnly(2026, 12, 5),
            DepartureTo = new DateOnly(2026, 12, 6),
            BookingTimeFrom = new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.FromHours(1)),
            BookingTimeTo = new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero),
            ModifiedFrom = new DateTimeOffset(2026, 11, 23, 23, 55, 5, TimeSpan.Zero),
            ModifiedTo = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero),
            SearchString = "Smith",
            IncludeInvoiceItems = true,
            IncludeInfoItems = true,
            IncludeGuests = true,
            IncludeBookingGroup = true,
        };

        await harness.Client.GetBookingsAsync(query).ToListAsync();

        var url = handler.Requests.Single(r => r.Is("GET", "/bookings")).Url;
        Assert.Equal(
            "/v2/bookings?id=11&id=12&propertyId=1&propertyId=2&roomId=3&roomId=4&masterId=5&apiReference=PMS-1&apiReference=PMS%202"
            + "&status=confirmed&status=cancelled&filter=arrivals&channel=booking&arrival=2026-12-01&arrivalFrom=2026-12-02&arrivalTo=2026-12-03"
            + "&departure=2026-12-04&departureFrom=2026-12-05&departureTo=2026-12-06"
            + "&bookingTimeFrom=2026-11-01T09%3A00%3A00Z&bookingTimeTo=2026-11-02T00%3A00%3A00Z"
            + "&modifiedFrom=2026-11-23T23%3A55%3A05Z&modifiedTo=2026-11-24T00%3A00%3A00Z&searchString=Smith"
            + "&includeInvoiceItems=true&includeInfoItems=true&includeGuests=true&includeBookingGroup=true",
            url);
    }

    [Fact]
    public async Task GetBookings_EmptyQuery_SendsNoParameters()
    {
        var handler = Answers.TokenThen(_ => Answers.EmptyBookings());
        using var harness = new ClientHarness(Base, "refresh-1", handler);

        await harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync();

        Assert.Equal("/v2/bookings", handler.Requests.Single(r => r.Is("GET", "/bookings")).Url);
    }

    [Fact]
    public async Task GetBookings_SeveralPages_FollowsEveryPage()
    {
        var handler = Answers.TokenThen(request =>
        {
            var query = request.RequestUri!.Query;
            return query.Contains("page=3", StringComparison.Ordinal) ? Answers.Bookings("""[{"id":5}]""")
                : query.Contains("page=2", StringComparison.Ordinal) ? Answers.Bookings("""[{"id":3},{"id":4}]""", nextPageExists: true)
                : Answers.Bookings("""[{"id":1},{"id":2}]""", nextPageExists: true);
        });
        using var harness = new ClientHarness(Base, "refresh-1", handler);

        var bookings = await harness.Client.GetBookingsAsync(new BookingQuery { Statuses = Beds24BookingStatuses.All }).ToListAsync();

        Assert.Equal([1L, 2, 3, 4, 5], bookings.Select(b => b.Id!.Value));
        var urls = handler.Requests.Where(r => r.Is("GET", "/bookings")).Select(r => r.Url).ToList();
        Assert.Equal(3, urls.Count);
        Assert.DoesNotContain("page=", urls[0], StringComparison.Ordinal);
        Assert.EndsWith("&page=2", urls[1], StringComparison.Ordinal);
        Assert.EndsWith("&page=3", urls[2], StringComparison.Ordinal);
        Assert.All(urls, u => Assert.Contains("status=cancelled", u, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetBookings_MoreIdsThanOneRequestTakes_SplitsThemIntoBatches()
    {
        var handler = Answers.TokenThen(_ => Answers.EmptyBookings());
        using var harness = new ClientHarness(Base, "refresh-1", handler, configure: o => o.MaxIdsPerRequest = 100);
        var ids = Enumerable.Range(1, 250).Select(i => (long)i).ToList();

        await harness.Client.GetBookingsAsync(new BookingQuery { Ids = ids, Statuses = [Beds24BookingStatuses.Cancelled] }).ToListAsync();

        var sent = handler.Requests.Where(r => r.Is("GET", "/bookings")).Select(r => IdsOf(r.Url)).ToList();
        Assert.Equal([100, 100, 50], sent.Select(s => s.Count));
        Assert.Equal(ids, sent.SelectMany(s => s));
        Assert.All(handler.Requests.Where(r => r.Is("GET", "/bookings")), r => Assert.Contains("status=cancelled", r.Url, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetBookings_LooseJson_IsReadTolerantly()
    {
        // Numbers as strings, a phone as a number, a cancelTime object and empty dates, plus fields we do not model.
        const string data = """
            [{"id":"123","propertyId":7,"roomId":"8","status":"confirmed","arrival":"2026-12-01","departure":"2026-12-03",
              "numAdult":"2","price":"199.50","phone":612345678,"postcode":3000,"bookingTime":"2026-11-20 08:30:00",
              "modifiedTime":"2026-11-23T10:00:00Z","cancelTime":{"enabled":false},"unknownField":{"nested":[1,2]},
              "invoiceItems":[{"id":1,"type":"charge","qty":"2","amount":50,"lineTotal":"100"}]},
             {"id":124,"arrival":"","departure":"0000-00-00","bookingTime":"","modifiedTime":null}]
            """;
        var handler = Answers.TokenThen(_ => Answers.Bookings(data));
        using var harness = new ClientHarness(Base, "refresh-1", handler);

        var bookings = await harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync();

        Assert.Equal(2, bookings.Count);
        var first = bookings[0];
        Assert.Equal(123, first.Id);
        Assert.Equal(8, first.RoomId);
        Assert.Equal(2, first.NumAdult);
        Assert.Equal(199.50m, first.Price);
        Assert.Equal("612345678", first.Phone);
        Assert.Equal("3000", first.Postcode);
        Assert.Equal(new DateOnly(2026, 12, 1), first.Arrival);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 8, 30, 0, TimeSpan.Zero), first.BookingTime);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero), first.ModifiedTime);
        Assert.Null(first.CancelTime);
        Assert.Equal(100m, Assert.Single(first.InvoiceItems!).LineTotal);
        Assert.Null(bookings[1].Arrival);
        Assert.Null(bookings[1].Departure);
        Assert.Null(bookings[1].BookingTime);
    }

    [Fact]
    public async Task WriteBookings_CreateWithActions_SendsOneArrayWithNestedActionsAndNoNulls()
    {
        var handler = Answers.TokenThen(_ => ScriptedHandler.Json(HttpStatusCode.Created,
            """[{"success":true,"new":{"id":101}},{"success":true,"modified":{"id":55}}]"""));
        using var harness = new ClientHarness(Base, "refresh-1", handler);

        await harness.Client.WriteBookingsAsync(
        [
            new Beds24Booking
            {
                RoomId = 1, Arrival = new DateOnly(2026, 12, 1), Departure = new DateOnly(2026, 12, 3), ApiReference = "PMS-1", Price = 120.5m,
                Actions = new Beds24BookingActions { CheckAvailability = true, AllowWebhooks = false },
            },
            new Beds24Booking { Id = 55, Status = Beds24BookingStatuses.Cancelled },
        ]);

        var post = Assert.Single(handler.Requests, r => r.Is("POST", "/bookings"));
        Assert.Equal("/v2/bookings", post.Url);
        using var body = JsonDocument.Parse(post.Body!);
        var items = body.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        var create = items[0];
        Assert.Equal(1, create.GetProperty("roomId").GetInt64());
        Assert.Equal("2026-12-01", create.GetProperty("arrival").GetString());
        Assert.Equal("PMS-1", create.GetProperty("apiReference").GetString());
        Assert.Equal(120.5m, create.GetProperty("price").GetDecimal());
        Assert.True(create.GetProperty("actions").GetProperty("checkAvailability").GetBoolean());
        Assert.False(create.GetProperty("actions").GetProperty("allowWebhooks").GetBoolean());
        Assert.False(create.GetProperty("actions").TryGetProperty("notifyGuest", out _));
        Assert.False(create.TryGetProperty("id", out _));
        Assert.False(create.TryGetProperty("email", out _));
        Assert.DoesNotContain("null", post.Body!, StringComparison.Ordinal);
        Assert.Equal(55, items[1].GetProperty("id").GetInt64());
        Assert.False(items[1].TryGetProperty("actions", out _));
    }

    [Fact]
    public async Task WriteBookings_PartialSuccessAndWarnings_ReportsEveryItem()
    {
        const string results = """
            [{"success":true,"new":{"id":"101","roomId":1},"warnings":[{"action":"new","field":"email","message":"email looks invalid"}],"info":[{"action":"new","field":"","message":"Booking created"}]},
             {"success":false,"modified":{"id":55,"numAdult":2},"errors":[{"action":"modify","field":"departure","message":"Invalid date"}]},
             {"success":false,"errors":[{"action":"new","field":"roomId","message":"No availability"}]}]
            """;
        var handler = Answers.TokenThen(_ => ScriptedHandler.Json(HttpStatusCode.Created, results));
        using var harness = new ClientHarness(Base, "refresh-1", handler);

        var written = await harness.Client.WriteBookingsAsync(
        [
            new Beds24Booking { RoomId = 1, Arrival = new DateOnly(2026, 12, 1), Departure = new DateOnly(2026, 12, 3) },
            new Beds24Booking { Id = 55, NumAdult = 2, Departure = new DateOnly(2026, 11, 1) },
            new Beds24Booking { RoomId = 2, Arrival = new DateOnly(2026, 12, 1), Departure = new DateOnly(2026, 12, 3) },
        ]);

        Assert.Equal(3, written.Count);
        Assert.True(written[0].Success);
        Assert.Equal(101, written[0].BookingId);
        Assert.Equal("email", Assert.Single(written[0].Warnings).Field);
        Assert.Equal("Booking created", Assert.Single(written[0].Info).Message);
        Assert.False(written[1].Success);
        Assert.Equal(55, written[1].BookingId); // failed, yet something was modified
        Assert.Equal(2, written[1].Modified!.Value.GetProperty("numAdult").GetInt32());
        Assert.Equal("departure", Assert.Single(written[1].Errors).Field);
        Assert.False(written[2].Success);
        Assert.Null(written[2].BookingId);
        Assert.Equal("No availability", Assert.Single(written[2].Errors).Message);
    }

    [Fact]
    public async Task WriteBookings_NewAsFieldListButInfoNamesTheNewBooking_ReadsTheIdFromTheInfoItemOnly()
    {
        // Live, a create's info item repeats its id; with new shaped as the spec's field list, that is the only id.
        const string results = """
            [{"success":true,"new":[{"field":"arrival","subField":null}],"info":[{"action":"new booking","id":"90923575"}]},
             {"success":true,"new":[{"field":"infoItems","subField":null}],"info":[{"action":"new infoItem","id":444}]}]
            """;
        var handler = Answers.TokenThen(_ => ScriptedHandler.Json(HttpStatusCode.Created, results));
        using var harness = new ClientHarness(Base, "refresh-1", handler);

        var written = await harness.Client.WriteBookingsAsync([new Beds24Booking { RoomId = 1 }, new Beds24Booking { Id = 7 }]);

        Assert.Equal(90923575, written[0].BookingId);
        Assert.Null(written[1].BookingId); // an info item's id is not a booking's
        Assert.Equal("new booking", written[0].Info[0].Action);
    }

    [Fact]
    public async Task WriteBookings_FewerResultsThanItems_ThrowsSayingReReadBeforeRetrying()
    {
        var handler = Answers.TokenThen(_ => ScriptedHandler.Json(HttpStatusCode.Created, """[{"success":true,"new":{"id":101}}]"""));
        using var harness = new ClientHarness(Base, "refresh-1", handler);

        var error = await Assert.ThrowsAsync<Beds24ApiException>(() => harness.Client.WriteBookingsAsync(
            [new Beds24Booking { RoomId = 1 }, new Beds24Booking { RoomId = 2 }]));

        Assert.Contains("Re-read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteBookings_NoItems_SendsNothing()
    {
        var handler = Answers.TokenThen(_ => Answers.EmptyBookings());
        using var harness = new ClientHarness(Base, "refresh-1", handler);

        var written = await harness.Client.WriteBookingsAsync([]);

        Assert.Empty(written);
        Assert.Equal(0, handler.Calls);
    }

    [Fact]
    public async Task DeleteBookings_SeveralIds_RepeatsIdAndReadsEachResult()
    {
        var handler = Answers.TokenThen(_ => ScriptedHandler.Json(HttpStatusCode.Created,
            """[{"success":true,"modified":{"id":7}},{"success":false,"errors":[{"action":"delete","field":"id","message":"Booking not found"}]}]"""));
        using var harness = new ClientHarness(Base, "refresh-1", handler);

        var results = await harness.Client.DeleteBookingsAsync([7, 8]);

        Assert.Equal("/v2/bookings?id=7&id=8", Assert.Single(handler.Requests, r => r.Is("DELETE", "/bookings")).Url);
        Assert.True(results[0].Success);
        Assert.Equal(7, results[0].BookingId);
        Assert.False(results[1].Success);
        Assert.Equal("Booking not found", Assert.Single(results[1].Errors).Message);
    }

    [Fact]
    public async Task DeleteBookings_MoreIdsThanOneRequestTakes_SplitsThemAndKeepsResultOrder()
    {
        var handler = Answers.TokenThen(request =>
        {
            var ids = IdsOf(request.RequestUri!.PathAndQuery);
            return ScriptedHandler.Json(HttpStatusCode.Created, "[" + string.Join(',', ids.Select(id => $$$"""{"success":true,"modified":{"id":{{{id}}}}}""")) + "]");
        });
        using var harness = new ClientHarness(Base, "refresh-1", handler, configure: o => o.MaxIdsPerRequest = 2);

        var results = await harness.Client.DeleteBookingsAsync([5, 4, 3, 2, 1]);

        Assert.Equal(3, handler.CountOf("DELETE", "/bookings"));
        Assert.Equal([5L, 4, 3, 2, 1], results.Select(r => r.BookingId!.Value));
    }

    [Fact]
    public async Task GetBookings_EmptyPageClaimingAnother_StopsPaging()
    {
        var handler = Answers.TokenThen(_ => Answers.Bookings("[]", nextPageExists: true));
        using var harness = new ClientHarness(Base, "refresh-1", handler);

        var bookings = await harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync();

        Assert.Empty(bookings);
        Assert.Equal(1, handler.CountOf("GET", "/bookings"));
    }

    private static List<long> IdsOf(string url) =>
        [.. url.Split('?')[1].Split('&').Where(p => p.StartsWith("id=", StringComparison.Ordinal)).Select(p => long.Parse(p[3..], System.Globalization.CultureInfo.InvariantCulture))];
}
