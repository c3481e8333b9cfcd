using Beds24Sync.BookingLinks;
using Beds24Sync.Contracts;
using Beds24Sync.Core;
using Beds24Sync.DeadLetters;
using Beds24Sync.Push;
using Beds24Sync.Storage;

namespace Beds24Sync.Workflows.Push;

/// <summary>The push orchestration's activities: push the newest pending state; dead-letter with the reason.</summary>
public sealed class PushActivities(BookingPushService push, IBookingLinkStore links, IDeadLetterStore deadLetters, TimeProvider time)
{
    public async Task<PushActivityResult> PushBookingAsync(PushRequest request, CancellationToken cancellationToken)
    {
        try
        {
            if (await push.PushAsync(request.AccountId, request.ReservationId, cancellationToken) == PushOutcome.HeldForConflict)
            {
                // The change waits on the link for the operator's decision; the conflict workflow carries it from here.
                // Going round again would only find it held again (found on the real engine: it looped).
                return new PushActivityResult(true, false, null, null);
            }
        }
        catch (SyncFailureException failure) when (!failure.IsTransient)
        {
            return new PushActivityResult(false, false, failure.Message, failure.Category);
        }

        // Transient failures propagate: Durable retries them on the 5/25/125 s schedule.
        var link = await links.GetByReservationAsync(request.AccountId, request.ReservationId, cancellationToken);
        return new PushActivityResult(true, link?.PendingMessage is not null && link.PendingVersion > link.PmsVersion, null, null);
    }

    public async Task DeadLetterPushAsync(DeadLetterRequest request, CancellationToken cancellationToken)
    {
        var link = await links.GetByReservationAsync(request.Push.AccountId, request.Push.ReservationId, cancellationToken);
        await deadLetters.AddAsync(new DeadLetterMessage
        {
            MessageId = $"push-{request.Push.AccountId}-{request.Push.ReservationId}-v{link?.PendingVersion ?? request.Push.Version}",
            Source = StorageNames.Queues.PushBookings,
            Category = request.Category,
            Reason = request.Reason,
            Attempts = request.Category == DeadLetterCategories.Exhausted ? (request.Push.Retry ?? RetrySchedule.Default).MaxAttempts : 1,
            AccountId = request.Push.AccountId,
            Subject = request.Push.ReservationId,
            OriginalMessage = link?.PendingMessage ?? "{}",
            DeadLetteredAt = time.GetUtcNow(),
        }, cancellationToken);
        if (link is not null)
        {
            await push.ReleasePendingAsync(request.Push.AccountId, request.Push.ReservationId, link.PendingVersion, cancellationToken);
        }
    }
}
