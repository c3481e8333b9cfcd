using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Beds24Sync.BookingLinks;

public static class BookingLinksServiceCollectionExtensions
{
    /// <summary>Which PMS reservation is which Beds24 booking (table <c>BookingLinks</c>). Needs <see cref="Storage.StorageServiceCollectionExtensions.AddStorage"/>. Idempotent.</summary>
    public static IServiceCollection AddBookingLinks(this IServiceCollection services)
    {
        services.TryAddSingleton<IBookingLinkStore, TableBookingLinkStore>();
        return services;
    }
}
