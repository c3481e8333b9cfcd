using System.Net;
using Beds24.Api.Credits;
using Beds24.Api.Http;

namespace Beds24.Api.Tests.Unit;

public sealed class RequestDescriptionAndHeadersTests
{
    [Fact]
    public void Describe_PersonalAndSecretParameters_AreRedacted()
    {
        var described = RequestDescription.Describe(HttpMethod.Get, "bookings?id=5&searchString=ann%40example.com&email=a%40b.c&phone=%2B441234");

        Assert.Equal("GET bookings?id=5&searchString=***&email=***&phone=***", described);
    }

    [Fact]
    public void QueryString_Arrays_RepeatTheParameterName()
    {
        var url = new QueryString().AddMany("id", [1L, 2L]).AddMany("status", ["confirmed", "cancelled"]).Apply("bookings");

        Assert.Equal("bookings?id=1&id=2&status=confirmed&status=cancelled", url);
    }

    [Fact]
    public void QueryString_DatesAndTimes_UseBeds24Formats()
    {
        var url = new QueryString()
            .Add("arrivalFrom", new DateOnly(2026, 1, 2))
            .Add("modifiedFrom", new DateTimeOffset(2026, 1, 2, 13, 4, 5, TimeSpan.FromHours(2)))
            .Apply("bookings");

        Assert.Equal("bookings?arrivalFrom=2026-01-02&modifiedFrom=2026-01-02T11%3A04%3A05Z", url);
    }

    [Theory]
    [InlineData("x-five-min-limit-remaining", "x-five-min-limit-resets-in", "x-request-cost")]
    [InlineData("X-Five-Min-Limit-Remaining", "X-FIVE-MIN-LIMIT-RESETS-IN", "X-Request-Cost")]
    public void CreditHeaders_AnyCaseDecimals_AreRead(string remainingName, string resetsName, string costName)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.Headers.TryAddWithoutValidation(remainingName, "97.8");
        response.Headers.TryAddWithoutValidation(resetsName, "120.5");
        response.Headers.TryAddWithoutValidation(costName, "1.6");
        var now = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

        var state = CreditHeaders.Read(response.Headers, now);

        Assert.NotNull(state);
        Assert.Equal(97.8m, state.Remaining);
        Assert.Equal(1.6m, state.LastRequestCost);
        Assert.Equal(now.AddSeconds(120.5), state.ResetsAt);
    }

    [Fact]
    public void CreditHeaders_Missing_ReturnNull()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK);

        Assert.Null(CreditHeaders.Read(response.Headers, DateTimeOffset.UnixEpoch));
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, "{}", true)]
    [InlineData(HttpStatusCode.BadRequest, """{"success":false,"error":"Credit limit exceeded"}""", true)]
    [InlineData(HttpStatusCode.OK, """{"success":false,"error":"five minute credit limit reached"}""", true)]
    [InlineData(HttpStatusCode.OK, """{"success":true,"data":[]}""", false)]
    [InlineData(HttpStatusCode.BadRequest, """{"success":false,"error":"Invalid roomId"}""", false)]
    public void IsRateLimited_RecognisesEveryFormOfTheLimit(HttpStatusCode status, string body, bool expected) =>
        Assert.Equal(expected, ErrorMapper.IsRateLimited(status, body));
}
