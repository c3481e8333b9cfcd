using System.Text;
using Beds24Sync.Conflicts;
using Beds24Sync.Operator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Tests.Conflicts;

public sealed class OperatorAssetsTests
{
    [Fact]
    public void TryGet_Page_InlinesItsStylesheetAndScript()
    {
        Assert.True(OperatorAssets.TryGet("/conflicts.html", out var content, out var type));

        var html = Encoding.UTF8.GetString(content);
        Assert.Equal("text/html; charset=utf-8", type);
        Assert.DoesNotContain("<script src=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("rel=\"stylesheet\"", html, StringComparison.Ordinal);
        Assert.Contains("function decide(action)", html, StringComparison.Ordinal);
        Assert.Contains("tr.differs", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("conflicts.js", "text/javascript; charset=utf-8")]
    [InlineData("conflicts.css", "text/css; charset=utf-8")]
    public void TryGet_Assets_HaveTheirContentTypes(string path, string expected)
    {
        Assert.True(OperatorAssets.TryGet(path, out var content, out var type));
        Assert.Equal(expected, type);
        Assert.NotEmpty(content);
    }

    [Theory]
    [InlineData("missing.html")]
    [InlineData("../Beds24Sync.csproj")]
    [InlineData("conflicts.html.bak")]
    [InlineData("contracts/pms-booking-message.schema.json")]
    public void TryGet_AnythingElse_IsNotServed(string path) => Assert.False(OperatorAssets.TryGet(path, out _, out _));
}

public sealed class AddConflictsTests
{
    private static IServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddConflicts();
        return services.BuildServiceProvider();
    }

    [Fact]
    public void AddConflicts_NoSettings_UsesFourAndTwentyFourHours()
    {
        var options = Build([]).GetRequiredService<IOptions<ConflictWorkflowOptions>>().Value;

        Assert.Equal((TimeSpan.FromHours(4), TimeSpan.FromHours(24)), (options.ReminderAfter, options.EscalateAfter));
    }

    [Theory]
    [InlineData("1.00:00:00", "04:00:00", "EscalateAfter must be longer")]
    [InlineData("00:00:10", "1.00:00:00", "ReminderAfter")]
    public void AddConflicts_BadDeadlines_FailWithTheSettingNamed(string reminder, string escalate, string expected)
    {
        var provider = Build(new() { ["Conflicts:ReminderAfter"] = reminder, ["Conflicts:EscalateAfter"] = escalate });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ConflictWorkflowOptions>>().Value);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
