using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Infra.Tests;

/// <summary>infra/main.bicep compiles and lints clean, and the template holds what DESIGN.md and issue 6 require.</summary>
public sealed class BicepTests
{
    private static readonly Lazy<JsonNode> Template = new(() => JsonNode.Parse(Run("build", "--stdout").Output)!);

    private static string Bicep()
    {
        var path = typeof(BicepTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPath").Value!.Replace('\\', '/');
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute);
        }

        return path;
    }

    private static (int Exit, string Output, string Errors) Run(params string[] args)
    {
        var start = new ProcessStartInfo(Bicep()) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.Combine(AppContext.BaseDirectory, "infra") };
        start.ArgumentList.Add(args[0]);
        start.ArgumentList.Add("main.bicep");
        foreach (var arg in args.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit(120_000);
        return (process.ExitCode, output.Result, errors.Result);
    }

    private static IEnumerable<JsonNode> Resources(string type) =>
        Template.Value["resources"]!.AsArray().Where(r => (string?)r!["type"] == type).Select(r => r!);

    [Fact]
    public void Build_CompilesWithoutErrorsOrWarnings()
    {
        var (exit, output, errors) = Run("build", "--stdout");

        Assert.True(exit == 0, errors);
        Assert.DoesNotContain("Warning", errors, StringComparison.OrdinalIgnoreCase);
        Assert.NotEmpty(output);
    }

    [Fact]
    public void Lint_IsClean()
    {
        var (exit, output, errors) = Run("lint");

        Assert.True(exit == 0, output + errors);
        Assert.DoesNotContain("Warning", output + errors, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Error", output + errors, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void FunctionApp_IsFlexConsumptionDotnetIsolatedWithUserAssignedIdentity()
    {
        var plan = Assert.Single(Resources("Microsoft.Web/serverfarms"));
        Assert.Equal("FlexConsumption", (string?)plan["sku"]!["tier"]);
        var app = Assert.Single(Resources("Microsoft.Web/sites"));
        Assert.Equal("UserAssigned", (string?)app["identity"]!["type"]);
        Assert.Equal("dotnet-isolated", (string?)app["properties"]!["functionAppConfig"]!["runtime"]!["name"]);
        Assert.True((bool)app["properties"]!["httpsOnly"]!);
    }

    [Fact]
    public void Storage_DeclaresEveryQueueAndTableOfTheDesign()
    {
        var variables = Template.Value["variables"]!;
        var queues = variables["queueNames"]!.AsArray().Select(n => (string?)n).ToList();
        var tables = variables["tableNames"]!.AsArray().Select(n => (string?)n).ToList();

        Assert.Equal(["beds24-push-bookings", "beds24-push-calendar", "pms-inbound", "beds24-inbound", "beds24-deadletter"], queues);
        foreach (var table in new[] { "Beds24Accounts", "PropertyMappings", "RoomMappings", "BookingLinks", "GuestLinks", "WebhookEvents", "SyncCursors", "SyncConflicts", "DeadLetters", "CalendarPending" })
        {
            Assert.Contains(table, tables);
        }

        Assert.NotEmpty(Resources("Microsoft.Storage/storageAccounts/queueServices/queues"));
        Assert.NotEmpty(Resources("Microsoft.Storage/storageAccounts/tableServices/tables"));
        var storage = Assert.Single(Resources("Microsoft.Storage/storageAccounts"));
        Assert.False((bool)storage["properties"]!["allowSharedKeyAccess"]!);
    }

    [Fact]
    public void KeyVault_UsesRbacAndTheAppOnlyReadsSecrets()
    {
        var vault = Assert.Single(Resources("Microsoft.KeyVault/vaults"));
        Assert.True((bool)vault["properties"]!["enableRbacAuthorization"]!);
        var json = Template.Value.ToJsonString();
        Assert.Contains("4633458b-17de-408a-b874-0445c86b69e6", json, StringComparison.Ordinal); // Key Vault Secrets User
        Assert.DoesNotContain("b86a8fe4-44ce-4948-aee5-eccb2c155cd7", json, StringComparison.Ordinal); // not Secrets Officer
        foreach (var role in new[] { "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b" })
        {
            Assert.Contains(role, json, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Alerts_CoverTheFourRules()
    {
        var metric = Assert.Single(Resources("Microsoft.Insights/metricAlerts"));
        Assert.Contains("QueueMessageCount", metric.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("1000", metric.ToJsonString(), StringComparison.Ordinal);
        var json = Template.Value.ToJsonString();
        Assert.Contains("0.95", json, StringComparison.Ordinal);
        Assert.Contains("minutes \\u003E= 5", json, StringComparison.Ordinal);
        Assert.Contains("0.10", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Template_HoldsNoSecretValues()
    {
        var json = Template.Value.ToJsonString();

        Assert.DoesNotContain("AccountKey=", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("listKeys", json, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("@Microsoft.KeyVault(", json, StringComparison.Ordinal);
        Assert.DoesNotContain("refresh", json, StringComparison.OrdinalIgnoreCase);
    }
}
