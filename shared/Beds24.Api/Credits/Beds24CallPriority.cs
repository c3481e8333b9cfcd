namespace Beds24.Api.Credits;

/// <summary>
/// Who may spend the last credits of a window. Writes that keep Beds24 from overbooking (availability, booking pushes)
/// run at the default priority and stop only at <see cref="Beds24ClientOptions.CreditReserve"/>; reads that can wait
/// (webhook re-reads, pulls, reconciliation) run inside <see cref="Background"/> and stop earlier, at
/// <see cref="Beds24ClientOptions.BackgroundCreditReserve"/>, so an OTA storm being read never starves a push.
/// </summary>
public static class Beds24CallPriority
{
    private static readonly AsyncLocal<bool> BackgroundFlag = new();

    /// <summary>True inside a <see cref="Background"/> scope (flows into tasks started from it).</summary>
    public static bool IsBackground => BackgroundFlag.Value;

    /// <summary>Calls made until the returned scope is disposed are background calls.</summary>
    public static IDisposable Background()
    {
        var previous = BackgroundFlag.Value;
        BackgroundFlag.Value = true;
        return new Scope(previous);
    }

    private sealed class Scope(bool previous) : IDisposable
    {
        public void Dispose() => BackgroundFlag.Value = previous;
    }
}
