using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;
using System.Text.Json.Nodes;
using Beds24Sync.Operations;
using Beds24Sync.Storage;
using Beds24Sync.Workflows.Hosting;

namespace Infra.Tests;

/// <summary>infra/main.bicep (and its modules) compile and lint clean, and the template holds what docs/ARCHITECTURE.md and issue 6 require.</summary>
public sealed class BicepTests
{
    private static readonly Lazy<JsonNode> Template = new(() => JsonNode.Parse(Run("build", "main.bicep", "--stdout").Output)!);

    private static string Bicep()
    {
        // The package's bicep binary, from the NuGet global packages folder (BicepPath is set by the package's build props).
        var path = typeof(BicepTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPath").Value!.Replace('\\', '/');
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute);
        }

        return path;
    }

    private static (int Exit, string Output, string Errors) Run(params string[] args)
    {
        var start = new ProcessStartInfo(Bicep()) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.Combine(AppContext.BaseDirectory, "infra") };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "bicep did not finish within 2 minutes");
        return (process.ExitCode, output.Result, errors.Result);
    }

    // Every resource of the compiled template, including those of the modules (nested deployments).
    private static IEnumerable<JsonNode> AllResources(JsonNode template)
    {
        foreach (var resource in template["resources"]!.AsArray().Select(r => r!))
        {
            yield return resource;
            if ((string?)resource["type"] == "Microsoft.Resources/deployments" && resource["properties"]?["template"] is { } nested)
            {
                foreach (var inner in AllResources(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    private static IEnumerable<JsonNode> Resources(string type) => AllResources(Template.Value).Where(r => (string?)r["type"] == type);

    /// <summary>main.bicep compiled (shared with the azd tests).</summary>
    internal static JsonNode CompiledTemplate() => Template.Value;

    internal static IEnumerable<JsonNode> CompiledResources(string type) => Resources(type);

    public static TheoryData<string> BicepFiles() =>
        [.. new[] { "main.bicep" }.Concat(Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "infra", "modules"), "*.bicep").Select(f => "modules/" + Path.GetFileName(f)).Order())];

    [Fact]
    public void Build_CompilesWithoutErrorsOrWarnings()
    {
        var (exit, output, errors) = Run("build", "main.bicep", "--stdout");

        Assert.True(exit == 0, errors);
        Assert.DoesNotContain("Warning", errors, StringComparison.OrdinalIgnoreCase);
        Assert.NotEmpty(output);
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void Lint_IsClean(string file)
    {
        var (exit, output, errors) = Run("lint", file);

        Assert.True(exit == 0, output + errors);
        Assert.DoesNotContain("Warning", output + errors, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Error", output + errors, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Main_IsSplitIntoModules()
    {
        var modules = Template.Value["resources"]!.AsArray().Where(r => (string?)r!["type"] == "Microsoft.Resources/deployments").Select(r => (string?)r!["name"]).ToList();

        Assert.Equal(["identity", "monitoring", "storage", "keyvault", "functionapp", "alerts", "workbook"], modules);
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
        Assert.NotNull(app["properties"]!["keyVaultReferenceIdentity"]);
        Assert.Single(Resources("Microsoft.ManagedIdentity/userAssignedIdentities"));
    }

    [Fact]
    public void FunctionApp_SettingsReachStorageAndKeyVaultWithTheIdentity_AndSecretsAreKeyVaultReferences()
    {
        var settings = Assert.Single(Resources("Microsoft.Web/sites"))["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .ToDictionary(s => (string)s!["name"]!, s => (string)s!["value"]!);

        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        foreach (var name in new[] { "Storage__QueueServiceUri", "Storage__TableServiceUri", "SecretStore__KeyVaultUri", "DurableTaskHubName", "APPLICATIONINSIGHTS_CONNECTION_STRING" })
        {
            Assert.True(settings.ContainsKey(name), $"app setting {name} is missing");
        }

        Assert.Contains("@Microsoft.KeyVault(VaultName=", settings["Guests__HashKey"], StringComparison.Ordinal);
        Assert.DoesNotContain(settings.Keys, k => k.StartsWith("Storage__ConnectionString", StringComparison.Ordinal) || k.StartsWith("Secrets__", StringComparison.Ordinal));
    }

    [Fact]
    public void FunctionApp_SetsEveryTimersScheduleSetting_ToTheEnginesDefault()
    {
        var defaults = Template.Value["variables"]!["defaultSchedules"]!.AsObject();
        var settings = Assert.Single(Resources("Microsoft.Web/sites"))["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .ToDictionary(s => (string)s!["name"]!, s => (string)s!["value"]!);

        // Each [TimerTrigger] names %Schedule_<Job>%: the app setting must exist, and the Bicep default must be the code's.
        Assert.Equal(ScheduledJobs.All.Select(j => j.Name).Order(), defaults.Select(p => p.Key).Order());
        Assert.All(ScheduledJobs.All, job =>
        {
            Assert.Equal(job.DefaultCron, (string?)defaults[job.Name]);
            Assert.Equal($"[parameters('schedules').{job.Name}]", settings[job.Setting]);
        });
    }

    [Fact]
    public void Storage_DeclaresEveryQueueAndTableTheEngineUses()
    {
        var variables = Template.Value["variables"]!;
        var queues = variables["queueNames"]!.AsArray().Select(n => (string)n!).ToList();
        var tables = variables["tableNames"]!.AsArray().Select(n => (string)n!).ToList();

        Assert.Equal(StorageNames.Queues.All.Order(), queues.Order());
        Assert.Equal(StorageNames.Tables.All.Concat(StorageNames.Tables.Internal).Order(), tables.Order());
        Assert.NotEmpty(Resources("Microsoft.Storage/storageAccounts/queueServices/queues"));
        Assert.NotEmpty(Resources("Microsoft.Storage/storageAccounts/tableServices/tables"));
        var storage = Assert.Single(Resources("Microsoft.Storage/storageAccounts"));
        Assert.False((bool)storage["properties"]!["allowSharedKeyAccess"]!);
        Assert.False((bool)storage["properties"]!["allowBlobPublicAccess"]!);
    }

    [Fact]
    public void Rbac_TheIdentityGetsExactlyTheDataRolesItNeeds()
    {
        var json = Template.Value.ToJsonString();
        var vault = Assert.Single(Resources("Microsoft.KeyVault/vaults"));

        Assert.True((bool)vault["properties"]!["enableRbacAuthorization"]!);
        foreach (var (role, id) in new[]
        {
            ("Storage Blob Data Owner", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b"),
            ("Storage Queue Data Contributor", "974c5e8b-45b9-4653-ba55-5f855dd0fb88"),
            ("Storage Table Data Contributor", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"),
            ("Key Vault Secrets User", "4633458b-17de-408a-b874-0445c86b69e6"),
            ("Monitoring Metrics Publisher", "3913510d-42f4-4e42-8a64-420c390055eb"),
        })
        {
            Assert.True(json.Contains(id, StringComparison.Ordinal), $"{role} is not assigned");
        }

        // Storage (one loop over three data roles), Key Vault, Application Insights — nothing else, and never Owner/Contributor.
        Assert.Equal(3, Resources("Microsoft.Authorization/roleAssignments").Count());
        Assert.DoesNotContain("b86a8fe4-44ce-4948-aee5-eccb2c155cd7", json, StringComparison.Ordinal); // Key Vault Secrets Officer
        Assert.DoesNotContain("8e3af657-a8ff-443c-a75c-2fe8c4bcb635", json, StringComparison.Ordinal); // Owner
        Assert.DoesNotContain("b24988ac-6180-42a0-ab88-20f7382dd24c", json, StringComparison.Ordinal); // Contributor
    }

    // The alerts module's rule list (name, query …) as compiled.
    private static IReadOnlyList<JsonNode> LogAlertRules() =>
        Template.Value["resources"]!.AsArray().Single(r => (string?)r!["name"] == "alerts")!["properties"]!["template"]!["variables"]!["logAlerts"]!.AsArray().Select(a => a!).ToList();

    [Fact]
    public void Alerts_DeclareTheFourRulesWithTheirThresholds()
    {
        var rules = LogAlertRules().ToDictionary(r => (string)r["name"]!, r => (string)r["query"]!);

        Assert.Equal(["beds24-unreachable", "conflict-rate", "queue-depth", "success-rate"], rules.Keys.Order());
        Assert.Contains("< 0.95", rules["success-rate"], StringComparison.Ordinal);
        Assert.Contains("depth > 1000", rules["queue-depth"], StringComparison.Ordinal);
        Assert.Contains("unreachable > 300", rules["beds24-unreachable"], StringComparison.Ordinal);
        Assert.Contains("rate > 0.10", rules["conflict-rate"], StringComparison.Ordinal);
        Assert.Single(Resources("Microsoft.Insights/scheduledQueryRules"));  // one copy loop over the four rules
        Assert.Contains("QueueMessageCount", Assert.Single(Resources("Microsoft.Insights/metricAlerts")).ToJsonString(), StringComparison.Ordinal);
        Assert.Single(Resources("Microsoft.Insights/actionGroups"));
    }

    [Fact]
    public void Alerts_QueryOnlyMetricsTheEngineActuallyPublishes()
    {
        var published = PublishedMetrics();

        var queried = LogAlertRules()
            .SelectMany(r => System.Text.RegularExpressions.Regex.Matches((string)r["query"]!, "name == \"(?<metric>[a-z0-9_.]+)\"").Select(m => m.Groups["metric"].Value))
            .Distinct().Order().ToList();

        Assert.Equal(["beds24sync.beds24_unreachable_seconds", "beds24sync.conflicts", "beds24sync.outcomes", "beds24sync.queue_depth"], queried);
        Assert.All(queried, metric => Assert.Contains(metric, published));
    }

    [Fact]
    public void Template_HoldsNoSecretValues()
    {
        var json = Template.Value.ToJsonString();

        Assert.DoesNotContain("AccountKey=", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("listKeys", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SharedAccessSignature", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("refresh", json, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("@Microsoft.KeyVault(", json, StringComparison.Ordinal);
        Assert.DoesNotContain(Template.Value["outputs"]!.AsObject(), o => o.Key.Contains("key", StringComparison.OrdinalIgnoreCase) && !o.Key.Contains("keyVault", StringComparison.OrdinalIgnoreCase));
    }

    private static Dictionary<string, string> AppSettings() => Assert.Single(Resources("Microsoft.Web/sites"))["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
        .ToDictionary(s => (string)s!["name"]!, s => (string)s!["value"]!);

    [Fact]
    public void FunctionApp_OperatorSignIn_IsEntraIdAppServiceAuthenticationWithTheSecretInKeyVault()
    {
        var auth = Assert.Single(Resources("Microsoft.Web/sites/config"), r => ((string)r["name"]!).Contains("authsettingsV2", StringComparison.Ordinal));
        var properties = auth["properties"]!;
        Assert.True((bool)properties["platform"]!["enabled"]!);
        var entra = properties["identityProviders"]!["azureActiveDirectory"]!;
        Assert.True((bool)entra["enabled"]!);
        Assert.Contains("operatorAuthClientId", (string)entra["registration"]!["clientId"]!, StringComparison.Ordinal);
        // Anonymous requests pass (webhook, function-key callers); the app itself refuses operator calls without a principal.
        Assert.Equal("AllowAnonymous", (string?)properties["globalValidation"]!["unauthenticatedClientAction"]);

        var settings = AppSettings();
        var secretSetting = (string)entra["registration"]!["clientSecretSettingName"]!;
        Assert.Contains("@Microsoft.KeyVault(", settings[secretSetting], StringComparison.Ordinal);
        Assert.Contains("'AppService'", settings["Operator__Authentication"], StringComparison.Ordinal); // only when sign-in is configured…
        Assert.Contains("'Disabled'", settings["Operator__Authentication"], StringComparison.Ordinal); // …else closed, never trusting a spoofable header
        Assert.Equal("Conflicts.Resolve", settings["Operator__ResolverRole"]);
    }

    [Fact]
    public void FunctionApp_BasicAuthPublishingIsOffForScmAndFtp()
    {
        var policies = Resources("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();

        Assert.Equal(2, policies.Count);
        Assert.All(policies, p => Assert.False((bool)p["properties"]!["allow"]!));
    }

    [Fact]
    public void FunctionApp_NetworkRestrictionsAreAnOptionalParameter()
    {
        var main = Template.Value["parameters"]!["allowedIpRanges"]!;
        Assert.Equal("array", (string?)main["type"]);
        Assert.Empty(main["defaultValue"]!.AsArray());
        var siteConfig = Assert.Single(Resources("Microsoft.Web/sites"))["properties"]!["siteConfig"]!;
        Assert.Contains("Deny", (string)siteConfig["ipSecurityRestrictionsDefaultAction"]!, StringComparison.Ordinal);
        Assert.True((bool)siteConfig["scmIpSecurityRestrictionsUseMain"]!);
    }

    [Fact]
    public void KeyVault_AuditLogsGoToLogAnalytics()
    {
        var diagnostics = Assert.Single(Resources("Microsoft.Insights/diagnosticSettings"));

        Assert.Contains("workspaceId", (string)diagnostics["properties"]!["workspaceId"]!, StringComparison.Ordinal);
        Assert.Contains(diagnostics["properties"]!["logs"]!.AsArray(), l => (string?)l!["categoryGroup"] == "audit" && (bool)l["enabled"]!);
        Assert.Contains("Microsoft.KeyVault/vaults", (string)diagnostics["scope"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void Storage_HasADeleteLock()
    {
        var locks = Assert.Single(Resources("Microsoft.Authorization/locks"));

        Assert.Equal("CanNotDelete", (string?)locks["properties"]!["level"]);
        Assert.Contains("Microsoft.Storage/storageAccounts", (string)locks["scope"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void Workbook_ShowsEachFigureFromMetricsAndSpansTheAppSends()
    {
        var workbook = Assert.Single(Resources("Microsoft.Insights/workbooks"));
        Assert.Contains("string(", (string)workbook["properties"]!["serializedData"]!, StringComparison.Ordinal);
        // The tiles are built with a lambda (compiled to an expression): read their queries from the module itself.
        var data = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "infra", "modules", "workbook.bicep"));
        var published = PublishedMetrics();

        var queried = System.Text.RegularExpressions.Regex.Matches(data, "beds24sync\\.[a-z0-9_]+").Select(m => m.Value).Distinct().Order().ToList();
        Assert.Equal(["beds24sync.api_errors", "beds24sync.conflicts", "beds24sync.credits_left", "beds24sync.outcomes", "beds24sync.queue_depth"], queried);
        Assert.All(queried, metric => Assert.Contains(metric, published));
        foreach (var title in new[] { "Success rate", "p50 / p95 / p99", "Queue depths", "Conflict rate", "API errors", "credits left" })
        {
            Assert.Contains(title, data, StringComparison.Ordinal);
        }

        // Latency percentiles come from the spans the engine starts (metric histograms arrive pre-aggregated).
        var sources = string.Join("\n", Directory.EnumerateFiles(SharedSources(), "*.cs", SearchOption.AllDirectories).Select(File.ReadAllText));
        foreach (var span in new[] { "push booking", "inbound booking" })
        {
            Assert.Contains($"\"{span}\"", data, StringComparison.Ordinal);
            Assert.Contains($"StartActivity(\"{span}\")", sources, StringComparison.Ordinal);
        }
    }

    /// <summary>The instruments the engine's meter really creates (what a query may name).</summary>
    private static HashSet<string> PublishedMetrics()
    {
        using var telemetry = new SyncTelemetry(TimeProvider.System);
        var published = new HashSet<string>(StringComparer.Ordinal);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, _) =>
        {
            if (instrument.Meter.Name == SyncMetrics.MeterName)
            {
                published.Add(instrument.Name);
            }
        };
        listener.Start();
        return published;
    }

    private static string SharedSources()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "shared", "Beds24Sync");
            if (Directory.Exists(path))
            {
                return path;
            }
        }

        throw new DirectoryNotFoundException("shared/Beds24Sync");
    }
}
