using Beds24Sync.Push;

namespace Beds24Sync.Workflows.Hosting;

/// <summary>
/// How many activities one host runs at once. A booking push waits in its activity for the batch it joined
/// (<see cref="BookingWriteCoalescer"/>), so fewer activities in flight than the largest batch would cap every POST
/// below it and pay a base credit per part-filled call. The activities mostly wait on Beds24 and storage.
/// host.json's <c>maxConcurrentActivityFunctions</c> says the same for Azure (checked by Infra.Tests).
/// </summary>
public static class ActivityConcurrency
{
    public const int PerHost = PushOptions.LargestBatch;
}
