using System.Security.Cryptography;

namespace Beds24.Simulator;

/// <summary>
/// Everything the simulated Beds24 knows, plus the controls tests use to act as Beds24's side (a guest booking
/// through an OTA, a host cancelling) and the counters they measure with. Thread-safe: one lock guards it all.
/// </summary>
public sealed class SimulatorState
{
    private readonly object _gate = new();
    private readonly SimulatorOptions _options;
    private readonly Dictionary<int, string> _owners = [];
    private readonly Dictionary<string, (int Owner, DateTimeOffset Expires, bool Used)> _inviteCodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _refreshTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Owner, DateTimeOffset Expires)> _accessTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<long, SimProperty> _properties = [];
    private readonly Dictionary<long, SimRoom> _rooms = [];
    private readonly Dictionary<long, SimBooking> _bookings = [];
    private readonly Dictionary<(long Room, DateOnly Date), SimCalendarDay> _calendar = [];
    private readonly Dictionary<int, List<(DateTimeOffset At, decimal Cost)>> _credits = [];
    private readonly Dictionary<int, decimal> _creditsSpent = [];
    private readonly Dictionary<string, int> _requestCounts = new(StringComparer.OrdinalIgnoreCase);
    private int _nextOwner = 1000;
    private long _nextProperty = 5000;
    private long _nextRoom = 70000;
    private long _nextBooking = 9_000_000;

    internal SimulatorState(SimulatorOptions options, WebhookDispatcher webhooks)
    {
        _options = options;
        Webhooks = webhooks;
    }

    internal WebhookDispatcher Webhooks { get; }

    internal object Gate => _gate;

    internal TimeProvider Time => _options.TimeProvider;

    internal SimulatorOptions Options => _options;

    // ---- accounts and tokens -------------------------------------------------------------------------------

    public int CreateAccount(string name)
    {
        lock (_gate)
        {
            var id = ++_nextOwner;
            _owners[id] = name;
            return id;
        }
    }

    /// <summary>A single-use invite code; it expires after <paramref name="lifetime"/> (default <see cref="SimulatorOptions.InviteCodeLifetime"/>, 24 h).</summary>
    public string CreateInviteCode(int ownerId, TimeSpan? lifetime = null)
    {
        lock (_gate)
        {
            RequireOwner(ownerId);
            var code = "invite-" + RandomToken(12);
            _inviteCodes[code] = (ownerId, Time.GetUtcNow() + (lifetime ?? _options.InviteCodeLifetime), false);
            return code;
        }
    }

    /// <summary>A refresh token for the owner without going through an invite code (test shortcut).</summary>
    public string IssueRefreshToken(int ownerId)
    {
        lock (_gate)
        {
            RequireOwner(ownerId);
            var token = "refresh-" + RandomToken(24);
            _refreshTokens[token] = ownerId;
            return token;
        }
    }

    /// <summary>Expire every access token now (as if 24 hours passed).</summary>
    public void ExpireAccessTokens()
    {
        lock (_gate)
        {
            _accessTokens.Clear();
        }
    }

    internal (string Token, int ExpiresIn, string RefreshToken)? RedeemInviteCode(string code)
    {
        lock (_gate)
        {
            if (!_inviteCodes.TryGetValue(code, out var invite) || invite.Used || invite.Expires <= Time.GetUtcNow())
            {
                return null;
            }

            _inviteCodes[code] = invite with { Used = true };
            var refresh = "refresh-" + RandomToken(24);
            _refreshTokens[refresh] = invite.Owner;
            var (token, expiresIn) = MintAccessToken(invite.Owner);
            return (token, expiresIn, refresh);
        }
    }

    internal (string Token, int ExpiresIn)? RefreshAccessToken(string refreshToken)
    {
        lock (_gate)
        {
            return _refreshTokens.TryGetValue(refreshToken, out var owner) ? MintAccessToken(owner) : null;
        }
    }

    internal bool RevokeRefreshToken(string refreshToken)
    {
        lock (_gate)
        {
            return _refreshTokens.Remove(refreshToken);
        }
    }

    internal int? OwnerOfRefreshToken(string refreshToken)
    {
        lock (_gate)
        {
            return _refreshTokens.TryGetValue(refreshToken, out var owner) ? owner : null;
        }
    }

    internal int? OwnerOfInviteCode(string code)
    {
        lock (_gate)
        {
            return _inviteCodes.TryGetValue(code, out var invite) ? invite.Owner : null;
        }
    }

    /// <returns>The owner and seconds left, or null when the token is unknown or expired.</returns>
    internal (int Owner, int ExpiresIn)? ValidateAccessToken(string token)
    {
        lock (_gate)
        {
            if (_accessTokens.TryGetValue(token, out var entry) && entry.Expires > Time.GetUtcNow())
            {
                return (entry.Owner, (int)(entry.Expires - Time.GetUtcNow()).TotalSeconds);
            }

            return null;
        }
    }

    private (string Token, int ExpiresIn) MintAccessToken(int owner)
    {
        var token = "access-" + RandomToken(24);
        _accessTokens[token] = (owner, Time.GetUtcNow() + _options.AccessTokenLifetime);
        return (token, (int)_options.AccessTokenLifetime.TotalSeconds);
    }

    // ---- properties, rooms, calendar -----------------------------------------------------------------------

    public long AddProperty(int ownerId, string name, string country = "GB", string currency = "EUR")
    {
        lock (_gate)
        {
            RequireOwner(ownerId);
            var id = ++_nextProperty;
            _properties[id] = new SimProperty(id, ownerId, name, country, currency);
            return id;
        }
    }

    public long AddRoom(long propertyId, string name, int qty = 1)
    {
        lock (_gate)
        {
            if (!_properties.ContainsKey(propertyId))
            {
                throw new ArgumentException($"No property {propertyId}.", nameof(propertyId));
            }

            var id = ++_nextRoom;
            _rooms[id] = new SimRoom(id, propertyId, name, qty);
            return id;
        }
    }

    /// <summary>Point the property's booking webhook (version 2) at <paramref name="url"/> with these custom header lines.</summary>
    /// <param name="additionalData">What Beds24 adds to each body: none, CVC, token or CVCAndToken (shown by GET /properties only).</param>
    public void ConfigureBookingWebhook(long propertyId, Uri url, IReadOnlyDictionary<string, string> customHeaders, int version = 2, string additionalData = "none")
    {
        lock (_gate)
        {
            _properties[propertyId] = _properties[propertyId] with { Webhook = new SimWebhook(url, customHeaders, version, additionalData) };
        }
    }

    /// <summary>Rooms left to sell on a date, as GET /inventory/rooms/calendar?includeNumAvail=true reports it.</summary>
    public int GetAvailability(long roomId, DateOnly date)
    {
        lock (_gate)
        {
            return _rooms.ContainsKey(roomId) ? Available(roomId, date) : throw new ArgumentException($"No room {roomId}.", nameof(roomId));
        }
    }

    /// <summary>The values stored for one room and date (null when nothing was ever set).</summary>
    public SimCalendarDay? GetCalendarDay(long roomId, DateOnly date)
    {
        lock (_gate)
        {
            return _calendar.TryGetValue((roomId, date), out var day) ? day : null;
        }
    }

    internal IReadOnlyList<SimProperty> PropertiesOf(int owner) => [.. _properties.Values.Where(p => p.OwnerId == owner).OrderBy(p => p.Id)];

    internal IReadOnlyList<SimRoom> RoomsOf(long propertyId) => [.. _rooms.Values.Where(r => r.PropertyId == propertyId).OrderBy(r => r.Id)];

    internal SimRoom? Room(long roomId) => _rooms.GetValueOrDefault(roomId);

    internal SimProperty? Property(long propertyId) => _properties.GetValueOrDefault(propertyId);

    internal SimCalendarDay? Day(long roomId, DateOnly date) => _calendar.GetValueOrDefault((roomId, date));

    internal void SetDay(long roomId, DateOnly date, SimCalendarDay day) => _calendar[(roomId, date)] = day;

    /// <summary>Rooms that can be sold on a date: none under a blackout override, else <see cref="NumAvail"/>.</summary>
    internal int Available(long roomId, DateOnly date) => Day(roomId, date) is { Override: "blackout" } ? 0 : NumAvail(roomId, date);

    /// <summary>numAvail as the calendar reports it: the stored value (Beds24 keeps it net of bookings), else the room's quantity minus bookings.</summary>
    internal int NumAvail(long roomId, DateOnly date)
    {
        var room = _rooms[roomId];
        if (Day(roomId, date) is { NumAvail: { } stored })
        {
            return stored;
        }

        var booked = _bookings.Values.Count(b => b.RoomId == roomId && b.HoldsInventory && b.Arrival <= date && date < b.Departure);
        return room.Qty - booked;
    }

    /// <summary>Adjust stored numAvail for the nights of a booking that starts or stops holding inventory.</summary>
    internal void AdjustInventory(SimBooking booking, int delta)
    {
        for (var date = booking.Arrival; date < booking.Departure; date = date.AddDays(1))
        {
            if (Day(booking.RoomId, date) is { NumAvail: { } stored } day)
            {
                SetDay(booking.RoomId, date, day with { NumAvail = stored + delta });
            }
        }
    }

    // ---- bookings: Beds24-side changes (guests, OTAs, the host) --------------------------------------------

    /// <summary>A new booking made in Beds24 (not through our API): fires the property's webhook.</summary>
    public SimBooking AddBooking(SimBooking booking)
    {
        SimBooking stored;
        lock (_gate)
        {
            stored = InsertBooking(booking);
        }

        QueueWebhook(stored, "new");
        return stored;
    }

    /// <summary>
    /// A reservation from a channel (OTA), as channel managers deliver them: one booking per room, all carrying the
    /// OTA's reference in <c>apiReference</c>, its name in <c>apiSource</c>/<c>referer</c> (and <c>channel</c> where the
    /// server sends it), grouped by <c>masterId</c> = the first booking's id. Each fires the property's webhook.
    /// </summary>
    public IReadOnlyList<SimBooking> AddChannelReservation(string channel, string apiSource, string otaReference, IReadOnlyList<SimBooking> rooms, int? apiSourceId = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(rooms.Count);
        var stored = new List<SimBooking>();
        lock (_gate)
        {
            foreach (var room in rooms)
            {
                var booking = room with { Channel = channel, ApiSource = apiSource, ApiSourceId = apiSourceId, Referer = apiSource, ApiReference = otaReference };
                var inserted = InsertBooking(booking);
                if (rooms.Count > 1)
                {
                    // The first room is the master; all rooms (the master too) carry its id.
                    var masterId = stored.Count == 0 ? inserted.Id : stored[0].Id;
                    inserted = inserted with { MasterId = masterId };
                    _bookings[inserted.Id] = inserted;
                }

                stored.Add(inserted);
            }
        }

        foreach (var booking in stored)
        {
            QueueWebhook(booking, "new");
        }

        return stored;
    }

    /// <summary>Seed many bookings quickly, without webhooks (for big pulls).</summary>
    public void SeedBookings(IEnumerable<SimBooking> bookings)
    {
        lock (_gate)
        {
            foreach (var booking in bookings)
            {
                InsertBooking(booking);
            }
        }
    }

    /// <summary>
    /// Change a booking in Beds24 (a guest or OTA modification): modifiedTime moves. The webhook fires only when the
    /// change affects availability (status, dates, room, unit), as Beds24's does; a changed email or name arrives
    /// only through a pull (unless <see cref="SimulatorOptions.WebhooksOnEveryChange"/>).
    /// </summary>
    public SimBooking ModifyBooking(long id, Func<SimBooking, SimBooking> change)
    {
        SimBooking before;
        SimBooking updated;
        lock (_gate)
        {
            before = _bookings[id];
            updated = ReplaceBooking(before, change(before));
        }

        QueueChangeWebhook(before, updated);
        return updated;
    }

    /// <summary>
    /// Create the booking when it has no id (or an unknown one), else replace the stored one with it: either way as a
    /// change made in Beds24, so modifiedTime moves and the webhook fires as for <see cref="AddBooking"/> / <see cref="ModifyBooking"/>.
    /// </summary>
    public SimBooking UpsertBooking(SimBooking booking)
    {
        SimBooking? before;
        SimBooking stored;
        lock (_gate)
        {
            before = booking.Id != 0 ? _bookings.GetValueOrDefault(booking.Id) : null;
            stored = before is not null ? ReplaceBooking(before, booking) : InsertBooking(booking);
        }

        if (before is null)
        {
            QueueWebhook(stored, "new");
        }
        else
        {
            QueueChangeWebhook(before, stored);
        }

        return stored;
    }

    public SimBooking CancelBooking(long id) => ModifyBooking(id, b => b with { Status = "cancelled" });

    /// <summary>Delete a booking in Beds24 (it disappears from the API; the webhook fires as a cancellation with the last state).</summary>
    public void DeleteBooking(long id)
    {
        SimBooking removed;
        lock (_gate)
        {
            removed = _bookings[id];
            RemoveBooking(id);
        }

        QueueWebhook(removed with { Status = "cancelled" }, "cancel");
    }

    /// <summary>A guest writes a message about a booking: the booking does not change, the webhook fires (v1 status=message).</summary>
    public void AddGuestMessage(long id, string message)
    {
        SimBooking booking;
        lock (_gate)
        {
            booking = _bookings[id];
        }

        QueueWebhook(booking, "message", message);
    }

    private void QueueChangeWebhook(SimBooking before, SimBooking after)
    {
        if (_options.WebhooksOnEveryChange || after.AffectsAvailabilityComparedTo(before))
        {
            QueueWebhook(after, after.Status == "cancelled" ? "cancel" : "modify");
        }
    }

    /// <summary>
    /// Queue the booking webhook of the booking's property as configured at the moment of the change (none when the
    /// property has no webhook then); delivery happens in the background.
    /// </summary>
    internal void QueueWebhook(SimBooking booking, string kind, string? message = null)
    {
        SimWebhook? webhook;
        lock (_gate)
        {
            webhook = _properties.GetValueOrDefault(booking.PropertyId)?.Webhook;
        }

        if (webhook is not null)
        {
            Webhooks.Enqueue(booking, webhook, kind, message);
        }
    }

    public SimBooking? GetBooking(long id)
    {
        lock (_gate)
        {
            return _bookings.GetValueOrDefault(id);
        }
    }

    public IReadOnlyList<SimBooking> GetBookings(int ownerId)
    {
        lock (_gate)
        {
            return [.. _bookings.Values.Where(b => b.OwnerId == ownerId).OrderBy(b => b.Id)];
        }
    }

    internal IEnumerable<SimBooking> AllBookings => _bookings.Values;

    internal SimBooking? GetBookingUnlocked(long id) => _bookings.GetValueOrDefault(id);

    internal SimBooking InsertBooking(SimBooking booking)
    {
        var room = _rooms.GetValueOrDefault(booking.RoomId) ?? throw new ArgumentException($"No room {booking.RoomId}.", nameof(booking));
        var property = _properties[room.PropertyId];
        var now = Time.GetUtcNow();
        var stored = booking with
        {
            Id = booking.Id != 0 ? booking.Id : ++_nextBooking,
            OwnerId = property.OwnerId,
            PropertyId = room.PropertyId,
            BookingTime = booking.BookingTime == default ? now : booking.BookingTime,
            ModifiedTime = booking.ModifiedTime == default ? now : booking.ModifiedTime,
            CancelTime = booking.Status == "cancelled" ? booking.CancelTime ?? now : booking.CancelTime,
        };
        _nextBooking = Math.Max(_nextBooking, stored.Id);
        _bookings[stored.Id] = stored;
        if (stored.HoldsInventory)
        {
            AdjustInventory(stored, -1);
        }

        return stored;
    }

    /// <param name="stampCancelTime">
    /// False for an API write: live, a booking cancelled with POST /bookings keeps <c>cancelTime</c> null (measured,
    /// 2026-08); a cancellation by a channel or by hand stamps it.
    /// </param>
    internal SimBooking ReplaceBooking(SimBooking before, SimBooking after, bool stampCancelTime = true)
    {
        var now = Time.GetUtcNow();
        // Beds24's modifiedTime has one-second resolution but always moves forward on a change.
        var modified = now > before.ModifiedTime ? now : before.ModifiedTime.AddSeconds(1);
        var room = _rooms.GetValueOrDefault(after.RoomId) ?? throw new ArgumentException($"No room {after.RoomId}.");
        var updated = after with
        {
            Id = before.Id,
            OwnerId = before.OwnerId,
            PropertyId = room.PropertyId,
            ModifiedTime = modified,
            CancelTime = after.Status != "cancelled" ? null : stampCancelTime ? before.CancelTime ?? now : before.CancelTime,
        };
        if (before.HoldsInventory)
        {
            AdjustInventory(before, +1);
        }

        if (updated.HoldsInventory)
        {
            AdjustInventory(updated, -1);
        }

        _bookings[before.Id] = updated;
        return updated;
    }

    internal void RemoveBooking(long id)
    {
        if (_bookings.Remove(id, out var removed) && removed.HoldsInventory)
        {
            AdjustInventory(removed, +1);
        }
    }

    // ---- credits and counters ------------------------------------------------------------------------------

    /// <summary>Credits the owner spent since the simulator started (or since <see cref="ResetCounters"/>).</summary>
    public decimal CreditsSpent(int ownerId)
    {
        lock (_gate)
        {
            return _creditsSpent.GetValueOrDefault(ownerId);
        }
    }

    /// <summary>Requests whose path (after /v2/) starts with <paramref name="pathPrefix"/>, e.g. "bookings" or "inventory/rooms/calendar".</summary>
    public int RequestCount(string pathPrefix = "")
    {
        lock (_gate)
        {
            // Keys are "METHOD path": match the prefix against the path part.
            return _requestCounts.Where(kv => kv.Key[(kv.Key.IndexOf(' ', StringComparison.Ordinal) + 1)..].StartsWith(pathPrefix, StringComparison.OrdinalIgnoreCase)).Sum(kv => kv.Value);
        }
    }

    /// <summary>Requests by method and path, e.g. "POST bookings".</summary>
    public int RequestCount(string method, string path)
    {
        lock (_gate)
        {
            return _requestCounts.GetValueOrDefault($"{method.ToUpperInvariant()} {path}");
        }
    }

    public void ResetCounters()
    {
        lock (_gate)
        {
            _requestCounts.Clear();
            _creditsSpent.Clear();
        }
    }

    /// <summary>Spend the owner's whole budget now (to test waiting for the window to reset).</summary>
    public void ExhaustCredits(int ownerId) => SpendCreditsDownTo(ownerId, 0m);

    /// <summary>Spend the owner's budget now down to <paramref name="left"/> credits (as other calls of the account would).</summary>
    public void SpendCreditsDownTo(int ownerId, decimal left)
    {
        lock (_gate)
        {
            var (remaining, _) = CreditStatus(ownerId);
            if (remaining > left)
            {
                Window(ownerId).Add((Time.GetUtcNow(), remaining - left));
            }
        }
    }

    internal void CountRequest(string method, string path)
    {
        lock (_gate)
        {
            var key = $"{method} {path}";
            _requestCounts[key] = _requestCounts.GetValueOrDefault(key) + 1;
        }
    }

    internal (decimal Remaining, TimeSpan ResetsIn) CreditStatus(int owner)
    {
        lock (_gate)
        {
            var window = Window(owner);
            var spent = window.Sum(e => e.Cost);
            var resetsIn = window.Count == 0 ? _options.CreditWindow : window.Min(e => e.At) + _options.CreditWindow - Time.GetUtcNow();
            return (_options.CreditLimit - spent, resetsIn < TimeSpan.Zero ? TimeSpan.Zero : resetsIn);
        }
    }

    internal void Charge(int owner, decimal cost)
    {
        lock (_gate)
        {
            Window(owner).Add((Time.GetUtcNow(), cost));
            _creditsSpent[owner] = _creditsSpent.GetValueOrDefault(owner) + cost;
        }
    }

    private List<(DateTimeOffset At, decimal Cost)> Window(int owner)
    {
        if (!_credits.TryGetValue(owner, out var window))
        {
            _credits[owner] = window = [];
        }

        var cutoff = Time.GetUtcNow() - _options.CreditWindow;
        window.RemoveAll(e => e.At <= cutoff);
        return window;
    }

    private void RequireOwner(int ownerId)
    {
        if (!_owners.ContainsKey(ownerId))
        {
            throw new ArgumentException($"No account {ownerId}.", nameof(ownerId));
        }
    }

    private static string RandomToken(int bytes) => Convert.ToHexString(RandomNumberGenerator.GetBytes(bytes)).ToLowerInvariant();
}

internal sealed record SimProperty(long Id, int OwnerId, string Name, string Country, string Currency)
{
    public SimWebhook? Webhook { get; init; }
}

internal sealed record SimRoom(long Id, long PropertyId, string Name, int Qty);

internal sealed record SimWebhook(Uri Url, IReadOnlyDictionary<string, string> CustomHeaders, int Version, string AdditionalData = "none");
