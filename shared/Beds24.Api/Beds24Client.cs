using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Beds24.Api.Auth;
using Beds24.Api.Errors;
using Beds24.Api.Http;
using Beds24.Api.Json;
using Beds24.Api.Models;

namespace Beds24.Api;

/// <summary>The Beds24 API v2 for one account. Get it from <see cref="IBeds24ClientFactory.GetClient"/>.</summary>
public sealed class Beds24Client : IBeds24Client, ITokenSupplier, IDisposable
{
    private readonly Beds24Connection _connection;
    private readonly Beds24ClientOptions _options;
    private readonly Microsoft.Extensions.Logging.ILogger _logger;
    private readonly IBeds24RefreshTokenSource _refreshTokens;
    private readonly AccessTokenCache _tokenCache;

    internal Beds24Client(string accountId, Beds24Connection connection, Beds24ClientOptions options, TimeProvider time, Microsoft.Extensions.Logging.ILogger logger,
        IBeds24RefreshTokenSource refreshTokens)
    {
        AccountId = accountId;
        _connection = connection;
        _options = options;
        _logger = logger;
        _refreshTokens = refreshTokens;
        _tokenCache = new AccessTokenCache(time, options.TokenRefreshMargin);
    }

    public string AccountId { get; }

    public Beds24CreditState? CreditState => _connection.LastCreditState(AccountId);

    public async Task<Beds24TokenDetails> GetTokenDetailsAsync(CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(HttpMethod.Get, "authentication/details", null, cancellationToken).ConfigureAwait(false);
        var details = Deserialize(response, Beds24JsonContext.Default.TokenDetailsResponse);
        return new Beds24TokenDetails
        {
            ValidToken = details.ValidToken,
            OwnerId = details.Token?.OwnerId,
            ExpiresIn = details.Token?.ExpiresIn is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            Scopes = details.Token?.Scopes ?? [],
            LinkedProperties = details.Token?.LinkedProperties,
            OnlyPropertyId = details.Token?.OnlyPropertyId,
            WhiteListOnly = details.Token?.WhiteListOnly ?? false,
            WhiteList = details.Token?.WhiteList ?? [],
            RequestIp = details.Diagnostics?.RequestIp,
        };
    }

    public async IAsyncEnumerable<Beds24Booking> GetBookingsAsync(BookingQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        // Many ids go in several requests so the URL stays short; each request is paged to the end.
        IEnumerable<IReadOnlyList<long>?> idBatches = query.Ids is { Count: > 0 } ids
            ? ids.Chunk(_options.MaxIdsPerRequest)
            : [(IReadOnlyList<long>?)null];
        foreach (var batch in idBatches)
        {
            for (var page = 1; ; page++)
            {
                var url = BookingQueryString(query, batch, page).Apply("bookings");
                var response = await SendAsync(HttpMethod.Get, url, null, cancellationToken).ConfigureAwait(false);
                var result = Deserialize(response, Beds24JsonContext.Default.BookingsPage);
                foreach (var booking in result.Data ?? [])
                {
                    yield return booking;
                }

                // An empty page that claims another would loop forever: stop there.
                if (result.Pages?.NextPageExists != true || result.Data is null or { Count: 0 })
                {
                    break;
                }
            }
        }
    }

    public async Task<IReadOnlyList<Beds24WriteResult>> WriteBookingsAsync(IReadOnlyList<Beds24Booking> bookings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bookings);
        if (bookings.Count == 0)
        {
            return [];
        }

        var json = JsonSerializer.Serialize(bookings, Beds24JsonContext.Default.IReadOnlyListBeds24Booking);
        // Items without an id create bookings, and creates are not idempotent: such a POST is never resent blindly.
        var resendable = bookings.All(b => b.Id is not null);
        var response = await _connection.SendAsync(AccountId, HttpMethod.Post, "bookings", () => new StringContent(json, Encoding.UTF8, "application/json"),
            null, this, cancellationToken, resendable).ConfigureAwait(false);
        return ReadWriteResults(response, bookings.Count);
    }

    public async Task<IReadOnlyList<Beds24WriteResult>> DeleteBookingsAsync(IReadOnlyList<long> bookingIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bookingIds);
        if (bookingIds.Count == 0)
        {
            return [];
        }

        // Many ids go in several requests so the URL stays short; results keep the order of the ids.
        var results = new List<Beds24WriteResult>(bookingIds.Count);
        foreach (var batch in bookingIds.Chunk(_options.MaxIdsPerRequest))
        {
            var url = new QueryString().AddMany("id", batch).Apply("bookings");
            var response = await SendAsync(HttpMethod.Delete, url, null, cancellationToken).ConfigureAwait(false);
            results.AddRange(ReadWriteResults(response, batch.Length));
        }

        return results;
    }

    public async Task<IReadOnlyList<Beds24RoomCalendar>> GetCalendarAsync(CalendarQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rooms = new List<Beds24RoomCalendar>();
        for (var page = 1; ; page++)
        {
            var url = new QueryString()
                .AddMany("roomId", query.RoomIds)
                .AddMany("propertyId", query.PropertyIds)
                .Add("startDate", query.StartDate)
                .Add("endDate", query.EndDate)
                .AddFlag("includeNumAvail", query.IncludeNumAvail)
                .AddFlag("includeMinStay", query.IncludeMinStay)
                .AddFlag("includeMaxStay", query.IncludeMaxStay)
                .AddFlag("includeMultiplier", query.IncludeMultiplier)
                .AddFlag("includeOverride", query.IncludeOverride)
                .AddFlag("includePrices", query.IncludePrices)
                .AddFlag("includeChannels", query.IncludeChannels)
                .Add("page", page > 1 ? page : null)
                .Apply("inventory/rooms/calendar");
            var response = await SendAsync(HttpMethod.Get, url, null, cancellationToken).ConfigureAwait(false);
            var result = Deserialize(response, Beds24JsonContext.Default.CalendarPage);
            rooms.AddRange((result.Data ?? []).Where(room => room.ValueKind == JsonValueKind.Object).Select(CalendarJson.ReadRoom));
            if (result.Pages?.NextPageExists != true || result.Data is null or { Count: 0 })
            {
                return rooms;
            }
        }
    }

    public async Task<IReadOnlyList<Beds24CalendarWriteResult>> UpdateCalendarAsync(IReadOnlyList<Beds24RoomCalendar> rooms, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        if (rooms.Count == 0)
        {
            return [];
        }

        var json = CalendarJson.WriteRooms(rooms).ToJsonString();
        var response = await SendAsync(HttpMethod.Post, "inventory/rooms/calendar", () => new StringContent(json, Encoding.UTF8, "application/json"), cancellationToken).ConfigureAwait(false);
        var items = ReadWriteResults(response, rooms.Count);
        return items.Select((item, i) => new Beds24CalendarWriteResult
        {
            Success = item.Success,
            RoomId = rooms[i].RoomId,
            Errors = item.Errors,
            Warnings = item.Warnings,
        }).ToList();
    }

    public async IAsyncEnumerable<Beds24Property> GetPropertiesAsync(PropertyQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        for (var page = 1; ; page++)
        {
            var url = new QueryString()
                .AddMany("id", query.Ids)
                .AddMany("roomId", query.RoomIds)
                .AddFlag("includeAllRooms", query.IncludeAllRooms)
                .AddFlag("includeUnitDetails", query.IncludeUnitDetails)
                .Add("page", page > 1 ? page : null)
                .Apply("properties");
            var response = await SendAsync(HttpMethod.Get, url, null, cancellationToken).ConfigureAwait(false);
            var result = Deserialize(response, Beds24JsonContext.Default.PropertiesPage);
            foreach (var property in result.Data ?? [])
            {
                // Beds24 may send null lists; callers get empty ones, and every room knows its property.
                yield return property with
                {
                    RoomTypes = [.. (property.RoomTypes ?? []).Select(r => r with { PropertyId = r.PropertyId ?? property.Id, Units = r.Units ?? [] })],
                };
            }

            if (result.Pages?.NextPageExists != true || result.Data is null or { Count: 0 })
            {
                yield break;
            }
        }
    }

    public void Dispose() => _tokenCache.Dispose();

    ValueTask<string> ITokenSupplier.GetTokenAsync(CancellationToken cancellationToken) => _tokenCache.GetAsync(MintAccessTokenAsync, cancellationToken);

    void ITokenSupplier.Invalidate(string token) => _tokenCache.Invalidate(token);

    private async Task<(string Token, TimeSpan ExpiresIn)> MintAccessTokenAsync(CancellationToken cancellationToken)
    {
        var refreshToken = (await _refreshTokens.GetRefreshTokenAsync(AccountId, cancellationToken).ConfigureAwait(false)).Trim();
        if (refreshToken.Length == 0)
        {
            throw new Beds24AuthenticationException($"Account {AccountId} has an empty Beds24 refresh token. Connect the account with an invite code first.");
        }

        Beds24Response response;
        try
        {
            response = await _connection.SendAsync(AccountId, HttpMethod.Get, "authentication/token", null,
                new Dictionary<string, string> { ["refreshToken"] = refreshToken }, tokens: null, cancellationToken).ConfigureAwait(false);
        }
        catch (Beds24ValidationException ex)
        {
            throw new Beds24AuthenticationException(
                $"Beds24 refused the refresh token of account {AccountId}: it was revoked or unused for 30 days. Reconnect the account with a new invite code.",
                ex.Status, ex.Request, ex);
        }

        var token = Deserialize(response, Beds24JsonContext.Default.TokenResponse);
        if (string.IsNullOrEmpty(token.Token))
        {
            throw new Beds24AuthenticationException($"Beds24 returned no access token for account {AccountId}.", response.Status, response.Request);
        }

        var expiresIn = TimeSpan.FromSeconds(token.ExpiresIn ?? 3600);
        Diagnostics.Beds24ApiLog.TokenRefreshed(_logger, AccountId, expiresIn);
        return (token.Token, expiresIn);
    }

    /// <summary>Forget the cached access token (the refresh token it came from was revoked).</summary>
    internal void ForgetAccessToken() => _tokenCache.Clear();

    private Task<Beds24Response> SendAsync(HttpMethod method, string url, Func<HttpContent?>? content, CancellationToken cancellationToken) =>
        _connection.SendAsync(AccountId, method, url, content, null, this, cancellationToken);

    private static QueryString BookingQueryString(BookingQuery q, IReadOnlyList<long>? ids, int page) => new QueryString()
        .AddMany("id", ids)
        .AddMany("propertyId", q.PropertyIds)
        .AddMany("roomId", q.RoomIds)
        .AddMany("masterId", q.MasterIds)
        .AddMany("apiReference", q.ApiReferences)
        .AddMany("status", q.Statuses)
        .Add("filter", q.Filter)
        .Add("channel", q.Channel)
        .Add("arrival", q.Arrival)
        .Add("arrivalFrom", q.ArrivalFrom)
        .Add("arrivalTo", q.ArrivalTo)
        .Add("departure", q.Departure)
        .Add("departureFrom", q.DepartureFrom)
        .Add("departureTo", q.DepartureTo)
        .Add("bookingTimeFrom", q.BookingTimeFrom)
        .Add("bookingTimeTo", q.BookingTimeTo)
        .Add("modifiedFrom", q.ModifiedFrom)
        .Add("modifiedTo", q.ModifiedTo)
        .Add("searchString", q.SearchString)
        .AddFlag("includeInvoiceItems", q.IncludeInvoiceItems)
        .AddFlag("includeInfoItems", q.IncludeInfoItems)
        .AddFlag("includeGuests", q.IncludeGuests)
        .AddFlag("includeBookingGroup", q.IncludeBookingGroup)
        .Add("page", page > 1 ? page : null);

    /// <summary>
    /// Beds24 answers a write with an array holding one result per item, in request order. Every item is returned
    /// (success:false may still have modified something; warnings come with 201); a count that does not match
    /// cannot be attributed to items, so it fails the call.
    /// </summary>
    private static IReadOnlyList<Beds24WriteResult> ReadWriteResults(Beds24Response response, int expected)
    {
        var items = Deserialize(response, Beds24JsonContext.Default.IReadOnlyListWriteResultWire);
        if (items.Count != expected)
        {
            throw new Beds24ApiException(
                $"Beds24 answered {response.Request} with {items.Count} results for {expected} items, so they cannot be matched; some writes may have been applied. Re-read before writing again.",
                response.Status, response.Request, requestCost: response.RequestCost);
        }

        return items.Select(item => new Beds24WriteResult
        {
            Success = item.Success,
            New = item.New,
            Modified = item.Modified,
            Errors = ErrorMapper.Scrub(item.Errors),
            Warnings = ErrorMapper.Scrub(item.Warnings),
            Info = ErrorMapper.Scrub(item.Info?.Select(i => new Beds24Problem(i.Action, i.Field, i.Message)).ToList()),
            // Live, a create names its id twice: new.id and an info item {"action":"new booking","id":…}. Where
            // new is the spec's list of fields written, the info item may still name it: no look-up needed then.
            // Only that action's id: another info item's id (an info item's, an invoice item's) is not the booking's.
            BookingId = ReadId(item.New) ?? ReadId(item.Modified)
                ?? item.Info?.Where(i => string.Equals(i.Action, NewBookingAction, StringComparison.OrdinalIgnoreCase)).Select(i => IdValue(i.Id)).FirstOrDefault(id => id is not null),
        }).ToList();
    }

    private const string NewBookingAction = "new booking";

    /// <summary>The <c>id</c> of a new/modified object, which Beds24 may send as a number or as a string.</summary>
    private static long? ReadId(JsonElement? element) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty("id", out var id) ? IdValue(id) : null;

    private static long? IdValue(JsonElement? element)
    {
        if (element is not { } id)
        {
            return null;
        }

        return id.ValueKind switch
        {
            JsonValueKind.Number when id.TryGetInt64(out var number) => number,
            JsonValueKind.String when long.TryParse(id.GetString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
    }

    private static T Deserialize<T>(Beds24Response response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        try
        {
            return JsonSerializer.Deserialize(response.Body, type)
                ?? throw new Beds24ApiException($"Beds24 answered {response.Request} with an empty body.", response.Status, response.Request, requestCost: response.RequestCost);
        }
        catch (JsonException ex)
        {
            throw new Beds24ApiException($"Beds24 answered {response.Request} with a body that is not the expected JSON: {ex.Message}",
                response.Status, response.Request, requestCost: response.RequestCost, innerException: ex);
        }
    }
}
