using Beds24.Api.Auth;
using Beds24.Api.Credits;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moq;

namespace Beds24.Api.Tests.Unit;

public sealed class DependencyInjectionTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddSingleton(Mock.Of<IBeds24RefreshTokenSource>());
        services.AddBeds24Client();
        more?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public void AddBeds24Client_ValidSettings_BindsOptionsAndCachesOneClientPerAccount()
    {
        using var provider = Build(new() { ["Beds24:BaseAddress"] = "http://127.0.0.1:5099/v2/", ["Beds24:Organization"] = "acme", ["Beds24:Retry:MaxRetries"] = "5" });

        provider.GetRequiredService<IStartupValidator>().Validate();
        var factory = provider.GetRequiredService<IBeds24ClientFactory>();
        var options = provider.GetRequiredService<IOptions<Beds24ClientOptions>>().Value;

        Assert.Same(factory.GetClient("a"), factory.GetClient("a"));
        Assert.NotSame(factory.GetClient("a"), factory.GetClient("b"));
        Assert.Equal("b", factory.GetClient("b").AccountId);
        Assert.Equal(new Uri("http://127.0.0.1:5099/v2/"), options.BaseAddress);
        Assert.Equal("acme", options.Organization);
        Assert.Equal(5, options.Retry.MaxRetries);
        Assert.IsType<InMemoryCreditBudgetStore>(provider.GetRequiredService<ICreditBudgetStore>());
    }

    [Theory]
    [InlineData("Beds24:Retry:MaxRetries", "50")]
    [InlineData("Beds24:Retry:BaseDelay", "00:05:00")]
    [InlineData("Beds24:CircuitBreaker:FailureRatio", "2")]
    [InlineData("Beds24:CircuitBreaker:BreakDuration", "00:00:00")]
    [InlineData("Beds24:CreditReserve", "-1")]
    [InlineData("Beds24:BookingPushCreditReserve", "-1")]
    [InlineData("Beds24:AttemptTimeout", "00:00:00")]
    [InlineData("Beds24:BaseAddress", "http://127.0.0.1:5099/v2")]
    public void AddBeds24Client_InvalidSetting_FailsAtStartNamingTheSetting(string key, string value)
    {
        using var provider = Build(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(key["Beds24:".Length..], error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Beds24:MaxRetries", "Beds24:Retry:MaxRetries")]
    [InlineData("Beds24:BreakerBreakDuration", "Beds24:CircuitBreaker:BreakDuration")]
    public void AddBeds24Client_SettingUnderItsOldFlatName_FailsAtStartNamingTheNewName(string old, string renamed)
    {
        using var provider = Build(new() { [old] = "1" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(renamed, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddBeds24Client_SharedCreditStoreRegisteredAfterwards_ReplacesTheInMemoryOne()
    {
        var shared = Mock.Of<ICreditBudgetStore>();
        using var provider = Build([], services => services.AddSingleton(shared));

        Assert.Same(shared, provider.GetRequiredService<ICreditBudgetStore>());
    }

    [Fact]
    public void AddBeds24Client_ConfigureOverload_AppliesOnTopOfConfiguration()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Beds24:Retry:MaxRetries"] = "5" }).Build());
        services.AddBeds24Client(o => o.CreditReserve = 7m);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<Beds24ClientOptions>>().Value;

        Assert.Equal(5, options.Retry.MaxRetries);
        Assert.Equal(7m, options.CreditReserve);
    }

    [Fact]
    public void Options_Defaults_PassValidation()
    {
        var options = new Beds24ClientOptions();
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();

        var valid = System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true);

        Assert.True(valid, string.Join("; ", results.Select(r => r.ErrorMessage)));
    }
}
