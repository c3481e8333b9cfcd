using System.Reflection;
using System.Text.Json.Nodes;
using Beds24Sync.Core;
using Beds24Sync.Push;
using Beds24Sync.Workflows.Hosting;

namespace Infra.Tests;

/// <summary>host.json and local.settings.sample.json agree with the engine: retries, names, and every setting present.</summary>
public sealed class HostSettingsTests
{
    private static JsonNode Read(string file) => JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, file)))!;

    private static JsonObject SampleValues => Read("local.settings.sample.json")["Values"]!.AsObject();

    [Fact]
    public void HostJson_QueueRetriesLeaveTheDeadLetteringToTheEngine()
    {
        var queues = Read("host.json")["extensions"]!["queues"]!;

        // Our failure policy dead-letters on attempt 4 (with the reason); the host's poison queue must never get there first.
        Assert.True((int)queues["maxDequeueCount"]! > SyncRetryPolicy.MaxAttempts);
        Assert.Equal("base64", (string?)queues["messageEncoding"]);
        Assert.Equal("%DurableTaskHubName%", (string?)Read("host.json")["extensions"]!["durableTask"]!["hubName"]);
    }

    [Fact]
    public void HostJson_RunsEnoughActivitiesToFillTheLargestBookingBatch()
    {
        var durable = Read("host.json")["extensions"]!["durableTask"]!;

        // Each booking write waits in its activity for its batch: fewer in flight would cap every POST below the batch size.
        Assert.Equal(ActivityConcurrency.PerHost, (int)durable["maxConcurrentActivityFunctions"]!);
        Assert.True(ActivityConcurrency.PerHost >= PushOptions.LargestBatch);
    }

    [Fact]
    public void Sample_RunsOnAzuriteAndNamesTheTaskHub()
    {
        var values = SampleValues;

        Assert.Equal("UseDevelopmentStorage=true", (string?)values["AzureWebJobsStorage"]);
        Assert.Equal("UseDevelopmentStorage=true", (string?)values["Storage__ConnectionString"]);
        Assert.Equal("dotnet-isolated", (string?)values["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.False(string.IsNullOrEmpty((string?)values["DurableTaskHubName"]));
    }

    public static TheoryData<string> EngineSettings()
    {
        // Every public settable property of every options class (a class with a SectionName constant) in the engine.
        var assemblies = new[] { typeof(SyncRetryPolicy).Assembly, typeof(Beds24.Api.Beds24ClientOptions).Assembly };
        var keys = new TheoryData<string>();
        foreach (var type in assemblies.SelectMany(a => a.GetExportedTypes()).Where(t => t.Name.EndsWith("Options", StringComparison.Ordinal)))
        {
            if (type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is not string section)
            {
                continue;
            }

            foreach (var key in SettingKeys(type, section))
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    /// <summary>Settable properties as keys; nested option groups (get-only <c>…Options</c> properties, e.g. Beds24:Retry) recursed into.</summary>
    private static IEnumerable<string> SettingKeys(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.Name))
        {
            if (property.CanWrite)
            {
                yield return $"{prefix}__{property.Name}";
            }
            else if (property.PropertyType.Name.EndsWith("Options", StringComparison.Ordinal))
            {
                foreach (var nested in SettingKeys(property.PropertyType, $"{prefix}__{property.Name}"))
                {
                    yield return nested;
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(EngineSettings))]
    public void Sample_HasEveryEngineSetting(string key) =>
        Assert.True(SampleValues.ContainsKey(key), $"local.settings.sample.json lacks {key} (every setting needs a safe local default)");

    [Fact]
    public void Sample_SetsEveryTimersScheduleSettingToItsDefault()
    {
        // The Functions host cannot start a timer whose %Schedule_<Job>% names no setting.
        var values = SampleValues;

        Assert.All(ScheduledJobs.All, job => Assert.Equal(job.DefaultCron, (string?)values[job.Setting]));
    }

    [Fact]
    public void Sample_HoldsNoRealSecrets()
    {
        foreach (var (key, value) in SampleValues)
        {
            var text = (string?)value ?? "";
            Assert.DoesNotContain("AccountKey=", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("InstrumentationKey=", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("vault.azure.net", text, StringComparison.OrdinalIgnoreCase);
            if (key.StartsWith("Secrets__", StringComparison.Ordinal) || key.EndsWith("HashKey", StringComparison.Ordinal))
            {
                Assert.True(text.Length == 0 || text.Contains("local", StringComparison.OrdinalIgnoreCase), $"{key} must be empty or an obviously local placeholder");
            }
        }
    }
}
