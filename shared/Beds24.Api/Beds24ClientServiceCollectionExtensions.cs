using Beds24.Api.Auth;
using Beds24.Api.Credits;
using Beds24.Api.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beds24.Api;

public static class Beds24ClientServiceCollectionExtensions
{
    /// <summary>Name of the <see cref="HttpClient"/> the client uses; configure it further with <c>services.AddHttpClient(HttpClientName)</c>.</summary>
    public const string HttpClientName = "Beds24";

    /// <summary>
    /// Registers <see cref="IBeds24ClientFactory"/> (one cached client per account) with <see cref="Beds24ClientOptions"/>
    /// bound from section <c>Beds24</c> and validated at start-up, the named <see cref="HttpClient"/>, the
    /// <c>Beds24.Api</c> meter and an in-memory <see cref="ICreditBudgetStore"/> (an <see cref="ICreditBudgetStore"/>
    /// registered elsewhere, before or after, replaces it). The caller registers an <see cref="IBeds24RefreshTokenSource"/>.
    /// </summary>
    public static IServiceCollection AddBeds24Client(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<Beds24ClientOptions>()
            .BindConfiguration(Beds24ClientOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.BaseAddress is { IsAbsoluteUri: true } && o.BaseAddress.AbsoluteUri.EndsWith('/'),
                "Beds24:BaseAddress must be an absolute URL ending in '/', e.g. https://beds24.com/api/v2/")
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Beds24ClientOptions>, Beds24ClientOptionsValidator>(
            sp => new Beds24ClientOptionsValidator(sp.GetService<Microsoft.Extensions.Configuration.IConfiguration>())));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ICreditBudgetStore, InMemoryCreditBudgetStore>();
        services.TryAddSingleton<Beds24ApiMetrics>();
        // The factory keeps one HttpClient for its lifetime, so the handler is never recycled by IHttpClientFactory;
        // pooled connections are recycled instead, so DNS changes are still picked up. Polly times each attempt out;
        // the HttpClient's own timeout would only cut a retrying call short.
        services.AddHttpClient(HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AutomaticDecompression = System.Net.DecompressionMethods.All,
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        services.TryAddSingleton<IBeds24ClientFactory>(sp => new Beds24ClientFactory(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<IOptions<Beds24ClientOptions>>(),
            sp.GetRequiredService<IBeds24RefreshTokenSource>(),
            sp.GetRequiredService<ICreditBudgetStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Beds24ApiMetrics>(),
            sp.GetService<ILogger<Beds24ClientFactory>>()));
        return services;
    }

    /// <summary><see cref="AddBeds24Client(IServiceCollection)"/>, then <paramref name="configure"/> on top of configuration.</summary>
    public static IServiceCollection AddBeds24Client(this IServiceCollection services, Action<Beds24ClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddBeds24Client();
        services.Configure(configure);
        return services;
    }
}
