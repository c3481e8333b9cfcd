using Beds24.Api.Models;

namespace Beds24Sync.Push;

/// <summary>
/// One booking's answer from a batched write, and when the POST carrying it left: a create answered without an id is
/// looked for among the bookings made since then, which is later than the push recorded it in flight (it waited for
/// its batch) and so reads fewer of a burst's other bookings.
/// </summary>
public sealed record BookingWriteAnswer(Beds24WriteResult Result, DateTimeOffset SentAt);
