using Beds24Sync.Inbound;
using Beds24Sync.Pull;
using Beds24Sync.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Tests.Inbound;

public sealed class InboundServiceCollectionExtensionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings) => new ServiceCollection()
        .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
        .AddBeds24Inbound()
        .BuildServiceProvider();

    [Theory]
    [InlineData("Webhook:MaxBodyBytes", "10")]
    [InlineData("Webhook:SecretHeaderName", "")]
    [InlineData("Pull:Overlap", "02:00:00")]
    [InlineData("Inbound:Parallelism", "0")]
    [InlineData("Guests:HashKey", "short")]
    public void AddBeds24Inbound_InvalidSetting_IsRefusedWithItsName(string key, string value)
    {
        using var services = Build(new() { [key] = value });
        var section = key.Split(':')[0];

        var error = Assert.Throws<OptionsValidationException>(() => section switch
        {
            "Webhook" => (object)services.GetRequiredService<IOptions<WebhookOptions>>().Value,
            "Pull" => services.GetRequiredService<IOptions<PullOptions>>().Value,
            "Inbound" => services.GetRequiredService<IOptions<InboundOptions>>().Value,
            _ => services.GetRequiredService<IOptions<Beds24Sync.Guests.GuestOptions>>().Value,
        });

        Assert.NotEmpty(error.Failures);
    }

    [Fact]
    public void AddBeds24Inbound_Defaults_AreValid()
    {
        using var services = Build([]);

        Assert.Equal(64 * 1024, services.GetRequiredService<IOptions<WebhookOptions>>().Value.MaxBodyBytes);
        Assert.Equal(TimeSpan.FromMinutes(2), services.GetRequiredService<IOptions<PullOptions>>().Value.Overlap);
        Assert.Equal("X-Beds24-Secret", services.GetRequiredService<IOptions<WebhookOptions>>().Value.SecretHeaderName);
    }

    [Fact]
    public void AddBeds24Inbound_CalledTwice_RegistersEachServiceOnce()
    {
        var once = new ServiceCollection().AddBeds24Inbound();
        var twice = new ServiceCollection().AddBeds24Inbound().AddBeds24Inbound();

        Assert.Equal(once.Count, twice.Count); // options validators included: validated once, not twice
        Assert.Single(twice, d => d.ServiceType == typeof(InboundProcessor));
        Assert.Single(twice, d => d.ServiceType == typeof(IWebhookEventStore));
        Assert.Single(twice, d => d.ServiceType == typeof(FullPullPlanner));
    }
}
