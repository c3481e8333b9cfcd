using Beds24.Api.Credits;
using Beds24.Api.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beds24.Api;

public static class Beds24ClientServiceCollectionExtensions
{
    public const string HttpClientName = "Beds24";

    /// <summary>
    /// Registers <see cref="IBeds24ClientFactory"/> with options from section <c>Beds24</c>, validated at start-up.
    /// Register an <see cref="Auth.IBeds24RefreshTokenSource"/>; an <see cref="ICreditBudgetStore"/> registered
    /// before or after this call replaces the in-memory one.
    /// </summary>
    public static IServiceCollection AddBeds24Client(this IServiceCollection services)
    {
        services.AddOptions<Beds24ClientOptions>()
            .BindConfiguration(Beds24ClientOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.BaseAddress.IsAbsoluteUri && o.BaseAddress.AbsoluteUri.EndsWith('/'),
                "Beds24:BaseAddress must be an absolute URL ending in '/', e.g. https://beds24.com/api/v2/")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ICreditBudgetStore, InMemoryCreditBudgetStore>();
        services.TryAddSingleton<Beds24ApiMetrics>();
        // Polly handles timeouts per attempt; the HttpClient's own timeout only guards against a hung pipeline.
        services.AddHttpClient(HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddSingleton<IBeds24ClientFactory>(sp => new Beds24ClientFactory(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<IOptions<Beds24ClientOptions>>(),
            sp.GetRequiredService<Auth.IBeds24RefreshTokenSource>(),
            sp.GetRequiredService<ICreditBudgetStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Beds24ApiMetrics>(),
            sp.GetService<ILogger<Beds24ClientFactory>>()));
        return services;
    }
}
