using System.Reflection;
using System.Text.RegularExpressions;
using Beds24Sync.Host;

namespace Beds24Sync.Host.Tests;

/// <summary>
/// The docs run as written: every CLI invocation in README, SETUP, OPERATIONS and TROUBLESHOOTING parses with the
/// real command tree, every <c>Section:Key</c> setting they name exists in an options class, every route they name is
/// one the hosts map, and they cite no file outside the repository.
/// </summary>
public sealed partial class DocsTests
{
    private static readonly string[] Verbs = ["serve", "connect", "sync", "pull", "conflicts", "deadletters", "status", "send", "inbound", "accounts", "mappings"];

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "README.md")) && Directory.Exists(Path.Combine(dir.FullName, "docs")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("repository root");
    }

    private static readonly string[] DocFiles = ["README.md", "docs/SETUP.md", "docs/OPERATIONS.md", "docs/TROUBLESHOOTING.md", "docs/ARCHITECTURE.md"];

    public static TheoryData<string> Docs() => [.. DocFiles];

    private static string Read(string doc) => File.ReadAllText(Path.Combine(RepoRoot(), doc));

    /// <summary>Lines that call the CLI: `dotnet run --project tools/Beds24Sync.Host … -- verb …` or the README's `cli verb …`.</summary>
    private static IEnumerable<string> Invocations(string text)
    {
        foreach (Match m in CliCall().Matches(text))
        {
            yield return m.Groups["args"].Value.Trim();
        }

        foreach (Match m in CliFunction().Matches(text))
        {
            yield return m.Groups["args"].Value.Trim();
        }
    }

    [Theory]
    [MemberData(nameof(Docs))]
    public void Doc_EveryCliInvocation_Parses(string doc)
    {
        var invocations = Invocations(Read(doc)).Where(i => Verbs.Contains(i.Split(' ')[0])).ToList();
        foreach (var line in invocations)
        {
            // Placeholders (<id>, <code>) stand for one value each; comments end the command.
            var command = Regex.Replace(line.Split(" #")[0], "<[^>]+>", "x").Trim('`', ' ');
            var errors = Cli.Build().Parse(command).Errors;
            Assert.True(errors.Count == 0, $"{doc}: `{line}` does not parse: {string.Join("; ", errors.Select(e => e.Message))}");
        }
    }

    [Theory]
    [MemberData(nameof(Docs))]
    public void Doc_FilesACliInvocationReads_ExistWhereTheCommandIsTyped(string doc)
    {
        // The docs' commands are typed at the repository root; `dotnet run` must run the CLI there, not in its project
        // folder, or `send booking docs/…` finds no file (seen driving the README's demo).
        var project = File.ReadAllText(Path.Combine(RepoRoot(), "tools/Beds24Sync.Host/Beds24Sync.Host.csproj"));
        Assert.Contains("<RunWorkingDirectory>$(MSBuildStartupDirectory)</RunWorkingDirectory>", project, StringComparison.Ordinal);
        var files = Invocations(Read(doc)).SelectMany(i => i.Split(' ')).Where(a => a.EndsWith(".json", StringComparison.Ordinal) && !a.Contains('<', StringComparison.Ordinal));
        Assert.All(files, f => Assert.True(File.Exists(Path.Combine(RepoRoot(), f)), $"{doc} names {f}, which is not in the repository"));
    }

    [Fact]
    public void Docs_TogetherShowEveryVerb()
    {
        var all = DocFiles.SelectMany(d => Invocations(Read(d))).Select(i => i.Split(' ')[0]).ToHashSet();

        Assert.All(Verbs.Where(v => v != "serve"), verb => Assert.Contains(verb, all));
    }

    [Theory]
    [MemberData(nameof(Docs))]
    public void Doc_EverySettingNamed_ExistsInItsOptionsClass(string doc)
    {
        var settings = OptionsSettings();
        var sections = settings.Select(s => s.Split(':')[0]).ToHashSet(StringComparer.Ordinal);
        foreach (Match m in Setting().Matches(Read(doc)))
        {
            var (section, key) = (m.Groups["section"].Value, m.Groups["key"].Value);
            if (section == "Schedule")
            {
                Assert.True(Workflows.Hosting.ScheduledJobs.All.Any(j => j.Name == key), $"{doc} names the timer setting Schedule_{key}, but no timer has that name");
            }
            else if (sections.Contains(section))
            {
                Assert.True(settings.Contains($"{section}:{key}"), $"{doc} names the setting {section}:{key}, which no options class has");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Docs))]
    public void Doc_EveryQueueAndTableNamed_IsInTheStorageLayout(string doc)
    {
        var queues = Storage.StorageNames.Queues.All.SelectMany(q => new[] { q, q + "-poison" }).ToHashSet(StringComparer.Ordinal);
        var tables = Storage.StorageNames.Tables.All.Concat(Storage.StorageNames.Tables.Internal).ToHashSet(StringComparer.Ordinal);
        var timers = Workflows.Hosting.ScheduledJobs.All.Select(j => j.Name).ToHashSet(StringComparer.Ordinal); // PurgeWebhookEvents has a table's ending
        foreach (Match m in QueueLike().Matches(Read(doc)))
        {
            Assert.True(queues.Contains(m.Groups["name"].Value), $"{doc} names the queue `{m.Groups["name"].Value}`, which the storage layout does not have ({string.Join(", ", Storage.StorageNames.Queues.All)})");
        }

        foreach (Match m in TableLike().Matches(Read(doc)))
        {
            Assert.True(tables.Contains(m.Groups["name"].Value) || timers.Contains(m.Groups["name"].Value), $"{doc} names the table `{m.Groups["name"].Value}`, which the storage layout does not have ({string.Join(", ", tables)})");
        }
    }

    [Fact]
    public void Operations_TimersTable_ListsEveryTimerWithItsDefaultCron()
    {
        var text = Read("docs/OPERATIONS.md");

        Assert.All(Workflows.Hosting.ScheduledJobs.All, job =>
            Assert.Contains($"| `{job.Name}` | `{job.DefaultCron}` |", text, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Docs))]
    public void Doc_CitesNoFileOutsideTheRepository(string doc)
    {
        var text = Read(doc);

        Assert.DoesNotContain("../shared", text, StringComparison.Ordinal);
        Assert.DoesNotContain("DESIGN.md", text, StringComparison.Ordinal); // the team handbook is not in the repository: docs/ARCHITECTURE.md is
        foreach (Match m in LocalLink().Matches(text))
        {
            var target = m.Groups["path"].Value.Split('#')[0];
            var resolved = Path.GetFullPath(Path.Combine(RepoRoot(), Path.GetDirectoryName(doc)!, target));
            Assert.True(File.Exists(resolved) || Directory.Exists(resolved), $"{doc} links to {target}, which is not in the repository");
        }
    }

    [Theory]
    [MemberData(nameof(Docs))]
    public void Doc_EveryRouteNamed_IsMapped(string doc)
    {
        var routes = File.ReadAllText(Path.Combine(RepoRoot(), "tools", "Beds24Sync.Host", "Routes.cs"));
        foreach (Match m in Route().Matches(Read(doc)))
        {
            var name = m.Groups["route"].Value;
            Assert.True(routes.Contains($"\"/{name}", StringComparison.Ordinal) || routes.Contains($"Base + \"/{name}", StringComparison.Ordinal),
                $"{doc} names the route …/integrations/beds24/{name}, which the host does not map");
        }
    }

    /// <summary>"Section:Key" for every settable property of every options class (a class with a SectionName constant).</summary>
    private static HashSet<string> OptionsSettings()
    {
        var assemblies = new[] { typeof(Beds24Sync.Push.PushOptions).Assembly, typeof(Beds24.Api.Beds24ClientOptions).Assembly, typeof(Beds24Sync.Workflows.WorkflowOptions).Assembly, typeof(Cli).Assembly };
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in assemblies.SelectMany(a => a.GetTypes()).Where(t => t.Name.EndsWith("Options", StringComparison.Ordinal)))
        {
            if (type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static | BindingFlags.NonPublic)?.GetValue(null) is string section)
            {
                foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite || p.PropertyType.Name.EndsWith("Options", StringComparison.Ordinal)))
                {
                    result.Add($"{section}:{property.Name}"); // a nested group (Beds24:Retry) counts as a setting of its section
                }
            }
        }

        return result;
    }

    [GeneratedRegex(@"dotnet run --project tools/Beds24Sync\.Host[^\n`]*? -- (?<args>[^\n`]+)")]
    private static partial Regex CliCall();

    [GeneratedRegex(@"(?m)^cli (?<args>[^\n]+)")]
    private static partial Regex CliFunction();

    [GeneratedRegex(@"`(?<section>[A-Z][A-Za-z0-9]+)[:_]{1,2}(?<key>[A-Z][A-Za-z0-9]+)")]
    private static partial Regex Setting();

    [GeneratedRegex(@"\]\((?<path>(?!https?:|#|mailto:)[^)\s]+)\)")]
    private static partial Regex LocalLink();

    [GeneratedRegex(@"integrations/beds24/(?<route>[a-z]+)")]
    private static partial Regex Route();

    /// <summary>Backticked names that can only be queues: they speak of pushes, the inbound flows or dead letters.</summary>
    [GeneratedRegex(@"`(?<name>(?:beds24|pms)-[a-z0-9-]*(?:push|inbound|deadletter)[a-z0-9-]*)`")]
    private static partial Regex QueueLike();

    /// <summary>Backticked PascalCase names with a table's ending (…Links, …Mappings, …Events, …Cursors, …Conflicts, …Letters, …Accounts, …Pending).</summary>
    [GeneratedRegex(@"`(?<name>[A-Z][A-Za-z0-9]*(?:Links|Mappings|Events|Cursors|Conflicts|Letters|Accounts|Pending))`")]
    private static partial Regex TableLike();
}
