using System.Net;
using Beds24.Api.Diagnostics;
using Beds24.Api.Errors;
using Beds24.Api.Http;
using Beds24.Api.Models;
using Beds24.Api.Tests.Unit.Fakes;
using Beds24.Testing;
using Microsoft.Extensions.Logging.Testing;

namespace Beds24.Api.Tests.Unit;

public sealed class ErrorMappingTests
{
    private static readonly Uri Base = new("http://beds24.test/v2/");

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, typeof(Beds24AuthenticationException))]
    [InlineData(HttpStatusCode.Forbidden, typeof(Beds24AuthenticationException))]
    [InlineData(HttpStatusCode.BadRequest, typeof(Beds24ValidationException))]
    [InlineData(HttpStatusCode.NotFound, typeof(Beds24ApiException))]
    [InlineData(HttpStatusCode.Conflict, typeof(Beds24ApiException))]
    [InlineData(HttpStatusCode.InternalServerError, typeof(Beds24ApiException))]
    public void Map_Status_GivesTheMatchingException(HttpStatusCode status, Type expected)
    {
        var error = ErrorMapper.Map(status, """{"success":false,"error":"nope"}""", "GET bookings", 1.5m);

        Assert.IsType(expected, error);
        Assert.Equal(status, error.Status);
        Assert.Equal("GET bookings", error.Request);
        Assert.Contains("nope", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_ForbiddenMissingScope_ThrowsAuthenticationErrorSayingCheckScopes()
    {
        var handler = Answers.TokenThen(_ => Answers.Error(HttpStatusCode.Forbidden, "Token does not have the required scope"));
        using var harness = new ClientHarness(Base, "refresh-1", handler);

        var error = await Assert.ThrowsAsync<Beds24AuthenticationException>(() => harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync().AsTask());

        Assert.Contains("scopes", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, handler.CountOf("GET", "/bookings")); // 403 is not a stale token: no refresh
    }

    [Fact]
    public async Task Call_SuccessFalseWithErrorItems_ThrowsValidationErrorWithProblems()
    {
        var handler = Answers.TokenThen(_ => ScriptedHandler.Json(HttpStatusCode.OK,
            """{"success":false,"errors":[{"action":"get","field":"roomId","message":"roomId 99 is not yours"},"plain text problem"]}""", ("x-request-cost", "1")));
        using var harness = new ClientHarness(Base, "refresh-1", handler);

        var error = await Assert.ThrowsAsync<Beds24ValidationException>(() =>
            harness.Client.GetCalendarAsync(new CalendarQuery { RoomIds = [99], StartDate = new DateOnly(2026, 12, 1), EndDate = new DateOnly(2026, 12, 2) }));

        Assert.Equal(2, error.Errors.Count);
        Assert.Equal(new Beds24Problem("get", "roomId", "roomId 99 is not yours"), error.Errors[0]);
        Assert.Equal("plain text problem", error.Errors[1].Message);
        Assert.Contains("roomId 99 is not yours", error.Message, StringComparison.Ordinal);
        Assert.Equal(1m, error.RequestCost);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task Call_BodyIsNotJson_ThrowsApiErrorNamingTheRequest()
    {
        var handler = Answers.TokenThen(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html>maintenance</html>") });
        using var harness = new ClientHarness(Base, "refresh-1", handler);

        var error = await Assert.ThrowsAsync<Beds24ApiException>(() => harness.Client.GetPropertiesAsync(new PropertyQuery()).ToListAsync().AsTask());

        Assert.Contains("GET properties", error.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, error.Status);
    }

    [Fact]
    public async Task Call_FailingQueryWithPersonalData_LeaksNoEmailPhoneOrTokenIntoLogsOrErrors()
    {
        const string email = "ann.guest@example.com";
        const string phone = "+44 7700 900123";
        const string refreshToken = "refresh-SECRET-42";
        var logger = new FakeLogger<Beds24ClientFactory>();
        var issued = new List<string>();
        var handler = new ScriptedHandler((request, _) =>
        {
            if (Answers.IsTokenRequest(request))
            {
                var token = Answers.Token();
                issued.Add(token.Content.ReadAsStringAsync().Result.Split('"')[3]);
                return token;
            }

            // Beds24 echoing what it was sent, in the error text and in the error items.
            return ScriptedHandler.Json(HttpStatusCode.BadRequest,
                $$"""{"success":false,"type":"error","code":400,"error":"No booking for {{email}} or {{phone}}","errors":[{"field":"email","message":"{{email}} unknown, call 07700900123"}]}""",
                ("x-request-cost", "0.5"));
        });
        using var harness = new ClientHarness(Base, refreshToken, handler, logger: logger);

        var error = await Assert.ThrowsAsync<Beds24ValidationException>(() =>
            harness.Client.GetBookingsAsync(new BookingQuery { SearchString = email, RoomIds = [5] }).ToListAsync().AsTask());

        var everything = string.Join('\n', LogText.All(logger.Collector), error.ToString(), error.Request, string.Join('|', error.Errors));
        Assert.NotEmpty(logger.Collector.GetSnapshot());
        Assert.Single(issued);
        foreach (var secret in new[] { "ann.guest", "example.com", "7700", "900123", refreshToken, issued[0] })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal("GET bookings?roomId=5&searchString=***", error.Request);
        Assert.Contains("No booking for *** or ***", error.Message, StringComparison.Ordinal);
        Assert.Equal(0.5m, error.RequestCost);
    }

    [Fact]
    public void Describe_PersonalAndSecretParameters_AreRedacted()
    {
        var described = RequestDescription.Describe(HttpMethod.Get,
            "bookings?id=5&searchString=ann%40example.com&email=a%40b.c&phone=%2B441234&guestMobile=1&refreshToken=x&roomId=3&apiReference=PMS-1");

        Assert.Equal("GET bookings?id=5&searchString=***&email=***&phone=***&guestMobile=***&refreshToken=***&roomId=3&apiReference=PMS-1", described);
    }

    [Theory]
    [InlineData("Invalid email a.b@c.de here", "Invalid email *** here")]
    [InlineData("call +31 6 1234 5678 now", "call *** now")]
    [InlineData("call (020) 7946-0958 now", "call *** now")]
    [InlineData("booking 123456789 not found", "booking 123456789 not found")]
    [InlineData("modified 2026-11-24 10:00:00 by 2026-12-01", "modified 2026-11-24 10:00:00 by 2026-12-01")]
    public void Scrub_FreeText_MasksEmailsAndPhonesButKeepsIdsAndDates(string text, string expected) =>
        Assert.Equal(expected, SensitiveText.Scrub(text));

    [Fact]
    public void QueryString_Arrays_RepeatTheParameterName()
    {
        var url = new QueryString().AddMany("id", [1L, 2L]).AddMany("status", ["confirmed", "cancelled"]).Apply("bookings");

        Assert.Equal("bookings?id=1&id=2&status=confirmed&status=cancelled", url);
    }
}
