using Beds24Sync.Contracts;
using Beds24Sync.Queues;
using Beds24Sync.Storage;

namespace Beds24Sync.Push;

/// <summary>beds24-push-bookings for the local host: intake, then push the reservation's newest state.</summary>
public sealed class BookingPushQueueHandler(BookingPushIntake intake, BookingPushService push) : IQueueMessageHandler
{
    public string QueueName => StorageNames.Queues.PushBookings;

    public async Task HandleAsync(string message, int attempt, CancellationToken cancellationToken)
    {
        var accepted = await intake.AcceptAsync(message, cancellationToken).ConfigureAwait(false);
        if (accepted.NeedsPush)
        {
            await push.PushAsync(accepted.Message.AccountId, accepted.Message.Reservation.ReservationId, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task OnDeadLetteredAsync(string message, CancellationToken cancellationToken)
    {
        var parsed = TryParse(message);
        if (parsed is not null)
        {
            await push.ReleasePendingAsync(parsed.AccountId, parsed.Reservation.ReservationId, parsed.Version, cancellationToken).ConfigureAwait(false);
        }
    }

    private static PmsBookingMessage? TryParse(string message)
    {
        try
        {
            return SyncJson.Deserialize<PmsBookingMessage>(message);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
