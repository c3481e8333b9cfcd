namespace Beds24.Api.Credits;

/// <summary>
/// The <see cref="Beds24CallShare"/> of the calls made in the current flow. Calls run <see cref="Beds24CallShare.Urgent"/>
/// and stop only at <see cref="Beds24ClientOptions.CreditReserve"/>; booking pushes run inside <see cref="BookingPushes"/>
/// and stop at <see cref="Beds24ClientOptions.BookingPushCreditReserve"/>; reads that can wait run inside
/// <see cref="Background"/> and stop at <see cref="Beds24ClientOptions.BackgroundCreditReserve"/>. So an OTA storm being
/// read never starves a push, and an initial load of thousands of bookings never holds back a room that just sold out.
/// </summary>
public static class Beds24CallPriority
{
    private static readonly AsyncLocal<Beds24CallShare> CurrentShare = new();

    /// <summary>The share of calls made here (flows into tasks started from here).</summary>
    public static Beds24CallShare Current => CurrentShare.Value;

    /// <summary>True inside a <see cref="Background"/> scope.</summary>
    public static bool IsBackground => CurrentShare.Value == Beds24CallShare.Background;

    /// <summary>Calls made until the returned scope is disposed are background calls.</summary>
    public static IDisposable Background() => Enter(Beds24CallShare.Background);

    /// <summary>Calls made until the returned scope is disposed are booking pushes (whatever the share around it).</summary>
    public static IDisposable BookingPushes() => Enter(Beds24CallShare.BookingPushes);

    private static Scope Enter(Beds24CallShare share)
    {
        var previous = CurrentShare.Value;
        CurrentShare.Value = share;
        return new Scope(previous);
    }

    private sealed class Scope(Beds24CallShare previous) : IDisposable
    {
        public void Dispose() => CurrentShare.Value = previous;
    }
}
