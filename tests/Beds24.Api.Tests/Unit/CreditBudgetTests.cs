using System.Net;
using Beds24.Api.Credits;
using Beds24.Api.Errors;
using Beds24.Api.Models;
using Beds24.Api.Tests.Unit.Fakes;
using Moq;

namespace Beds24.Api.Tests.Unit;

public sealed class CreditBudgetTests
{
    private static readonly Uri Base = new("http://beds24.test/v2/");

    private static (string, string)[] Credit(string remaining, string resetsIn, string cost = "1") =>
        [("x-five-min-limit-remaining", remaining), ("x-five-min-limit-resets-in", resetsIn), ("x-request-cost", cost)];

    [Theory]
    [InlineData("x-five-min-limit-remaining", "x-five-min-limit-resets-in", "x-request-cost")]
    [InlineData("X-Five-Min-Limit-Remaining", "X-FIVE-MIN-LIMIT-RESETS-IN", "X-Request-Cost")]
    public void Read_AnyCaseDecimalHeaders_AreParsedInvariantly(string remainingName, string resetsName, string costName)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.Headers.TryAddWithoutValidation(remainingName, "97.8");
        response.Headers.TryAddWithoutValidation(resetsName, " 120.5 ");
        response.Headers.TryAddWithoutValidation(costName, "1.6");
        var now = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

        var state = Beds24.Api.Credits.CreditHeaders.Read(response.Headers, now);

        Assert.NotNull(state);
        Assert.Equal(97.8m, state.Remaining);
        Assert.Equal(1.6m, state.LastRequestCost);
        Assert.Equal(now.AddSeconds(120.5), state.ResetsAt);
        Assert.Equal(now, state.ObservedAt);
    }

    [Fact]
    public void Read_NoCreditHeaders_ReturnsNull()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK);

        Assert.Null(Beds24.Api.Credits.CreditHeaders.Read(response.Headers, DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void Read_UnparsableRemaining_ReturnsNull()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.Headers.TryAddWithoutValidation("x-five-min-limit-remaining", "97,8");

        Assert.Null(Beds24.Api.Credits.CreditHeaders.Read(response.Headers, DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public async Task Call_CreditHeaders_AreSavedToTheStoreAndExposedOnTheClient()
    {
        var time = FakeTime.Create();
        var store = new Mock<ICreditBudgetStore>();
        store.Setup(s => s.GetAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((Beds24CreditState?)null);
        var handler = Answers.TokenThen(_ => Answers.EmptyBookings(Credit("88.4", "200", "1.5")));
        using var harness = new ClientHarness(Base, "refresh-1", handler, time, credits: store.Object);
        Assert.Null(harness.Client.CreditState);

        await harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync();

        var expected = new Beds24CreditState(88.4m, time.GetUtcNow().AddSeconds(200), 1.5m, time.GetUtcNow());
        Assert.Equal(expected, harness.Client.CreditState);
        store.Verify(s => s.SaveAsync(ClientHarness.AccountId, expected, It.IsAny<CancellationToken>()), Times.AtLeastOnce());
    }

    [Fact]
    public async Task Call_BudgetSpentInSharedStore_WaitsForTheWindowInsteadOfFailing()
    {
        var time = FakeTime.Create();
        var store = new Mock<ICreditBudgetStore>();
        // Another instance spent the budget: 1 credit left (reserve 2), resetting in 60 s.
        store.Setup(s => s.GetAsync(ClientHarness.AccountId, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Beds24CreditState(1m, time.GetUtcNow().AddSeconds(60), 1m, time.GetUtcNow()));
        DateTimeOffset? sentAt = null;
        var handler = Answers.TokenThen(_ =>
        {
            sentAt = time.GetUtcNow();
            return Answers.EmptyBookings();
        });
        using var harness = new ClientHarness(Base, "refresh-1", handler, time, o => o.MaxCreditWait = TimeSpan.FromMinutes(2), credits: store.Object);

        var call = harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync().AsTask();
        await Task.Delay(50);
        var sentBeforeReset = handler.Calls;
        time.Advance(TimeSpan.FromSeconds(59));
        await Task.Delay(20);
        var sentJustBeforeReset = handler.Calls;
        await time.RunAsync(call, TimeSpan.FromMilliseconds(250));

        Assert.Equal(0, sentBeforeReset);
        Assert.Equal(0, sentJustBeforeReset);
        Assert.Equal(1, handler.CountOf("GET", "/bookings"));
        // Sent once the window reset (60 s, plus under 1 s of jitter and one 250 ms step), however busy the machine.
        Assert.InRange(sentAt!.Value - FakeTime.Create().GetUtcNow(), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(61.25));
    }

    [Fact]
    public async Task Call_FewCreditsLeft_BackgroundReadWaitsWhileAPushGoesOut()
    {
        var time = FakeTime.Create();
        var store = new Mock<ICreditBudgetStore>();
        // 20 credits left: above the push reserve (2), below the background reserve (30); the window resets in 60 s.
        store.Setup(s => s.GetAsync(ClientHarness.AccountId, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Beds24CreditState(20m, time.GetUtcNow().AddSeconds(60), 1m, time.GetUtcNow()));
        var handler = Answers.TokenThen(request => request.Method == HttpMethod.Post
            ? ScriptedHandler.Json(HttpStatusCode.Created, """[{"success":true,"modified":{"id":5}}]""")
            : Answers.EmptyBookings());
        using var harness = new ClientHarness(Base, "refresh-1", handler, time, o => o.MaxCreditWait = TimeSpan.FromMinutes(2), credits: store.Object);

        Task read;
        using (Beds24CallPriority.Background())
        {
            read = harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync().AsTask();
        }

        await harness.Client.WriteBookingsAsync([new Beds24Booking { Id = 5, NumAdult = 2 }]).WaitAsync(TimeSpan.FromSeconds(5));
        await Task.Delay(50);
        var readsBeforeReset = handler.CountOf("GET", "/bookings");
        await time.RunAsync(read, TimeSpan.FromMilliseconds(250));

        Assert.Equal(1, handler.CountOf("POST", "/bookings"));
        Assert.Equal(0, readsBeforeReset);
        Assert.Equal(1, handler.CountOf("GET", "/bookings"));
        Assert.False(Beds24CallPriority.IsBackground);
    }

    [Fact]
    public async Task Call_FewerCreditsThanTheBookingPushReserve_BookingPushWaitsWhileAvailabilityGoesOut()
    {
        var time = FakeTime.Create();
        var store = new Mock<ICreditBudgetStore>();
        // 10 credits left: above the availability reserve (2), below the booking pushes' (15); the window resets in 60 s.
        store.Setup(s => s.GetAsync(ClientHarness.AccountId, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Beds24CreditState(10m, time.GetUtcNow().AddSeconds(60), 1m, time.GetUtcNow()));
        var handler = Answers.TokenThen(request => request.Method == HttpMethod.Post
            ? ScriptedHandler.Json(HttpStatusCode.Created, request.RequestUri!.AbsolutePath.EndsWith("/calendar", StringComparison.Ordinal)
                ? """[{"success":true,"roomId":7}]"""
                : """[{"success":true,"modified":{"id":5}}]""")
            : Answers.EmptyBookings());
        using var harness = new ClientHarness(Base, "refresh-1", handler, time, o => o.MaxCreditWait = TimeSpan.FromMinutes(2), credits: store.Object);

        Task bookingPush;
        using (Beds24CallPriority.BookingPushes())
        {
            bookingPush = harness.Client.WriteBookingsAsync([new Beds24Booking { Id = 5, NumAdult = 2 }]);
        }

        await harness.Client.UpdateCalendarAsync([new Beds24RoomCalendar(7, [new Beds24CalendarRange { From = new DateOnly(2030, 1, 1), To = new DateOnly(2030, 1, 2), NumAvail = 0 }])]).WaitAsync(TimeSpan.FromSeconds(5));
        await Task.Delay(50);
        var bookingPostsBeforeReset = handler.CountOf("POST", "/bookings");
        await time.RunAsync(bookingPush, TimeSpan.FromMilliseconds(250));

        Assert.Equal(1, handler.CountOf("POST", "/inventory/rooms/calendar"));
        Assert.Equal(0, bookingPostsBeforeReset);
        Assert.Equal(1, handler.CountOf("POST", "/bookings"));
        Assert.Equal(Beds24CallShare.Urgent, Beds24CallPriority.Current);
    }

    [Theory]
    [InlineData(2, 15, 30, 2, 15, 30)]
    [InlineData(5, 3, 1, 5, 5, 5)] // misordered: reads never outlast booking pushes, booking pushes never outlast availability
    public void ReserveFor_EachShare_StopsNoLaterThanAMoreUrgentOne(int urgent, int bookings, int background, int expectedUrgent, int expectedBookings, int expectedBackground)
    {
        var options = new Beds24ClientOptions { CreditReserve = urgent, BookingPushCreditReserve = bookings, BackgroundCreditReserve = background };

        Assert.Equal(
            [expectedUrgent, expectedBookings, expectedBackground],
            new[] { Beds24CallShare.Urgent, Beds24CallShare.BookingPushes, Beds24CallShare.Background }.Select(s => (int)options.ReserveFor(s)));
    }

    [Fact]
    public async Task Call_BudgetSpentButWindowAlreadyReset_DoesNotWait()
    {
        var time = FakeTime.Create();
        var store = new InMemoryCreditBudgetStore();
        await store.SaveAsync(ClientHarness.AccountId, new Beds24CreditState(0m, time.GetUtcNow().AddSeconds(-1), 1m, time.GetUtcNow().AddMinutes(-5)), default);
        var handler = Answers.TokenThen(_ => Answers.EmptyBookings());
        using var harness = new ClientHarness(Base, "refresh-1", handler, time, credits: store);

        await harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(1, handler.CountOf("GET", "/bookings"));
    }

    [Fact]
    public async Task Call_BudgetSpentBeyondMaxWait_ThrowsRateLimitErrorWithoutSending()
    {
        var time = FakeTime.Create();
        var handler = Answers.TokenThen(_ => Answers.EmptyBookings(Credit("0", "299")));
        using var harness = new ClientHarness(Base, "refresh-1", handler, time, o => o.MaxCreditWait = TimeSpan.FromSeconds(30));
        await harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync();

        var error = await Assert.ThrowsAsync<Beds24RateLimitException>(() => harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync().AsTask());

        Assert.True(error.IsTransient);
        Assert.True(error.RetryAfter >= TimeSpan.FromSeconds(299));
        Assert.Contains("MaxCreditWait", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, handler.CountOf("GET", "/bookings"));
    }

    [Fact]
    public async Task Call_TooManyRequests_WaitsResetsInThenRetries()
    {
        var time = FakeTime.Create();
        var bookingCalls = 0;
        DateTimeOffset? retriedAt = null;
        var handler = Answers.TokenThen(_ =>
        {
            if (Interlocked.Increment(ref bookingCalls) == 1)
            {
                return ScriptedHandler.Json(HttpStatusCode.TooManyRequests, "", Credit("0", "20"));
            }

            retriedAt = time.GetUtcNow();
            return Answers.EmptyBookings(Credit("99", "300"));
        });
        using var harness = new ClientHarness(Base, "refresh-1", handler, time);

        var call = harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync().AsTask();
        await FakeTime.UntilAsync(() => Volatile.Read(ref bookingCalls) == 1, "the first GET answered 429");
        await Task.Delay(50);
        var callsDuringWait = Volatile.Read(ref bookingCalls);
        await time.RunAsync(call, TimeSpan.FromMilliseconds(500));

        Assert.Equal(1, callsDuringWait);
        Assert.Equal(2, bookingCalls);
        Assert.Equal(99m, harness.Client.CreditState!.Remaining);
        // Retried once resetsIn (20 s) passed, plus under 1 s of jitter and one 500 ms step, however busy the machine.
        Assert.InRange(retriedAt!.Value - FakeTime.Create().GetUtcNow(), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(21.5));
    }

    [Fact]
    public async Task Call_ErrorBodyAboutCreditLimit_IsTreatedAsRateLimit()
    {
        var time = FakeTime.Create();
        var bookingCalls = 0;
        var handler = Answers.TokenThen(_ => Interlocked.Increment(ref bookingCalls) == 1
            ? Answers.Error(HttpStatusCode.BadRequest, "Credit limit exceeded", Credit("-0.5", "10"))
            : Answers.EmptyBookings());
        using var harness = new ClientHarness(Base, "refresh-1", handler, time);

        await time.RunAsync(harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync().AsTask(), TimeSpan.FromMilliseconds(500));

        Assert.Equal(2, bookingCalls);
    }

    [Fact]
    public async Task Call_TooManyRequestsBeyondMaxWait_ThrowsRateLimitError()
    {
        var time = FakeTime.Create();
        var handler = Answers.TokenThen(_ => ScriptedHandler.Json(HttpStatusCode.TooManyRequests, "", Credit("0", "120")));
        using var harness = new ClientHarness(Base, "refresh-1", handler, time, o => o.MaxCreditWait = TimeSpan.FromSeconds(60));

        var error = await Assert.ThrowsAsync<Beds24RateLimitException>(() => harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync().AsTask());

        Assert.Equal(HttpStatusCode.TooManyRequests, error.Status);
        Assert.Equal(1, handler.CountOf("GET", "/bookings"));
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, "{}", true)]
    [InlineData(HttpStatusCode.BadRequest, """{"success":false,"error":"Credit limit exceeded"}""", true)]
    [InlineData(HttpStatusCode.OK, """{"success":false,"error":"five minute credit limit reached"}""", true)]
    [InlineData(HttpStatusCode.OK, """{"success":true,"data":[]}""", false)]
    [InlineData(HttpStatusCode.OK, """[{"success":false,"errors":[]}]""", false)]
    [InlineData(HttpStatusCode.BadRequest, """{"success":false,"error":"Invalid roomId"}""", false)]
    [InlineData(HttpStatusCode.BadRequest, "not json", false)]
    public void IsRateLimited_EveryFormOfTheLimit_IsRecognised(HttpStatusCode status, string body, bool expected) =>
        Assert.Equal(expected, Http.ErrorMapper.IsRateLimited(status, body));

    [Fact]
    public async Task Call_CreditStoreFailing_StillSucceedsAndKeepsTheProcessView()
    {
        var store = new Mock<ICreditBudgetStore>();
        store.Setup(s => s.GetAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ThrowsAsync(new InvalidOperationException("table down"));
        store.Setup(s => s.SaveAsync(It.IsAny<string>(), It.IsAny<Beds24CreditState>(), It.IsAny<CancellationToken>())).ThrowsAsync(new InvalidOperationException("table down"));
        var handler = Answers.TokenThen(_ => ScriptedHandler.Json(HttpStatusCode.Created, """[{"success":true,"new":{"id":5}}]""", Credit("70", "100")));
        using var harness = new ClientHarness(Base, "refresh-1", handler, credits: store.Object);

        var results = await harness.Client.WriteBookingsAsync([new Beds24Booking { RoomId = 1 }]);

        Assert.Equal(5, Assert.Single(results).BookingId);
        Assert.Equal(70m, harness.Client.CreditState!.Remaining);
    }

    [Fact]
    public async Task Call_CreditStoreFailingAfterBudgetSpent_WaitsOnTheProcessView()
    {
        var time = FakeTime.Create();
        var store = new Mock<ICreditBudgetStore>();
        store.Setup(s => s.GetAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ThrowsAsync(new InvalidOperationException("table down"));
        var handler = Answers.TokenThen(_ => Answers.EmptyBookings(Credit("0", "10")));
        using var harness = new ClientHarness(Base, "refresh-1", handler, time, credits: store.Object);
        await harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync();

        var second = harness.Client.GetBookingsAsync(new BookingQuery()).ToListAsync().AsTask();
        await Task.Delay(50); // time for a wrong client to send at once; a slow machine only makes this weaker
        var sentBeforeReset = handler.CountOf("GET", "/bookings");
        await time.RunAsync(second, TimeSpan.FromMilliseconds(500));

        Assert.Equal(1, sentBeforeReset);
        Assert.Equal(2, handler.CountOf("GET", "/bookings"));
    }

    [Fact]
    public async Task InMemoryStore_OlderObservation_DoesNotReplaceNewer()
    {
        var store = new InMemoryCreditBudgetStore();
        var now = FakeTime.Create().GetUtcNow();
        await store.SaveAsync("a", new Beds24CreditState(50m, now.AddMinutes(5), 1m, now), default);

        await store.SaveAsync("a", new Beds24CreditState(90m, now.AddMinutes(4), 1m, now.AddSeconds(-10)), default);

        Assert.Equal(50m, (await store.GetAsync("a", default))!.Remaining);
        Assert.Null(await store.GetAsync("b", default));
    }
}
