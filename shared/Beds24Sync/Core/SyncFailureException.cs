using Beds24.Api.Errors;
using Beds24Sync.Contracts;
using Beds24Sync.Mapping;

namespace Beds24Sync.Core;

/// <summary>
/// A unit of sync work failed. <see cref="IsTransient"/> says whether trying again later can help (Beds24 down,
/// rate limited, storage hiccup) or not (invalid message, unknown mapping, Beds24 refused the content).
/// </summary>
public sealed class SyncFailureException(string message, bool isTransient, string category, Exception? innerException = null)
    : Exception(message, innerException)
{
    public bool IsTransient { get; } = isTransient;

    /// <summary>The dead-letter category when it is given up on: see <see cref="DeadLetterCategories"/>.</summary>
    public string Category { get; } = category;

    public static SyncFailureException Permanent(string message, string category = DeadLetterCategories.Permanent, Exception? inner = null) =>
        new(message, false, category, inner);

    /// <summary>Classifies any exception the sync engine can meet.</summary>
    public static SyncFailureException From(Exception exception) => exception switch
    {
        SyncFailureException sync => sync,
        // The storage SDK and Task.WhenAll wrap the real failure: classify what is inside.
        AggregateException { InnerExceptions.Count: > 0 } aggregate => From(aggregate.Flatten().InnerExceptions[0]),
        BookingLinks.BookingAlreadyLinkedException linked => new(linked.Message, false, DeadLetterCategories.Permanent, linked),
        MappingException mapping => new(mapping.Message, false, DeadLetterCategories.Mapping, mapping),
        Beds24ApiException api => new(api.Message, api.IsTransient, api.IsTransient ? DeadLetterCategories.Exhausted : DeadLetterCategories.Permanent, api),
        Azure.RequestFailedException storage => new($"Storage failed: {storage.Message}", storage.Status is 0 or 408 or 429 or >= 500, DeadLetterCategories.Exhausted, storage),
        Storage.ConcurrencyConflictException conflict => new(conflict.Message, true, DeadLetterCategories.Exhausted, conflict),
        HttpRequestException or TimeoutException or IOException => new(exception.Message, true, DeadLetterCategories.Exhausted, exception),
        // A timeout surfacing as cancellation (the caller's own cancellation never reaches here), and the Durable/gRPC
        // client's transport errors (by name: shared/ takes no gRPC dependency): try again.
        OperationCanceledException => new($"Timed out: {exception.Message}", true, DeadLetterCategories.Exhausted, exception),
        _ when exception.GetType().FullName == "Grpc.Core.RpcException" => new($"Durable Task call failed: {exception.Message}", true, DeadLetterCategories.Exhausted, exception),
        _ => new($"{exception.GetType().Name}: {exception.Message}", false, DeadLetterCategories.Permanent, exception),
    };
}
