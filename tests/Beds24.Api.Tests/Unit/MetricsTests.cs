using System.Net;
using Beds24.Api.Errors;
using Beds24.Api.Models;
using Beds24.Api.Tests.Unit.Fakes;

namespace Beds24.Api.Tests.Unit;

public sealed class MetricsTests
{
    private static readonly Uri Base = new("http://beds24.test/v2/");

    [Fact]
    public async Task Calls_SuccessRetryAndFailure_AreCountedByEndpointAndOutcome()
    {
        using var meters = new TestMeterFactory();
        var bookingCalls = 0;
        var handler = new ScriptedHandler((request, _) =>
            Answers.IsTokenRequest(request) ? Answers.Token()
            : request.RequestUri!.AbsolutePath.EndsWith("/properties", StringComparison.Ordinal) ? Answers.Error(HttpStatusCode.BadRequest, "bad")
            : Interlocked.Increment(ref bookingCalls) == 1 ? Answers.Error(HttpStatusCode.ServiceUnavailable, "busy")
            : Answers.EmptyBookings(("x-five-min-limit-remaining", "42.5"), ("x-five-min-limit-resets-in", "100"), ("x-request-cost", "1.5")));
        using var harness = new ClientHarness(Base, "refresh-1", handler, meterFactory: meters);

        await harness.Client.GetBookingsAsync(new BookingQuery { Ids = [1, 2] }).ToListAsync();
        await Assert.ThrowsAsync<Beds24ValidationException>(() => harness.Client.GetPropertiesAsync(new PropertyQuery()).ToListAsync().AsTask());
        meters.CollectObservables();

        Assert.Equal(1, meters.Sum("beds24.api.requests", ("endpoint", "bookings"), ("outcome", "success")));
        Assert.Equal(1, meters.Sum("beds24.api.requests", ("endpoint", "properties"), ("outcome", "validation-error")));
        Assert.Equal(1, meters.Sum("beds24.api.requests", ("endpoint", "authentication/token"), ("outcome", "success")));
        Assert.Equal(1, meters.Sum("beds24.api.retries", ("endpoint", "bookings")));
        Assert.Equal(1.5, meters.Sum("beds24.api.credits_spent", ("account", ClientHarness.AccountId)));
        Assert.Equal(42.5, meters.Measurements.Last(m => m.Instrument == "beds24.api.credits_left").Value);
        Assert.Equal(3, meters.Measurements.Count(m => m.Instrument == "beds24.api.duration"));
    }
}
