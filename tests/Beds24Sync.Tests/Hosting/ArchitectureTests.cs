using System.Reflection;
using Beds24Sync.Hosting;

namespace Beds24Sync.Tests.Hosting;

/// <summary>
/// docs/ARCHITECTURE.md §1: nothing in shared/ references Azure Functions, so the same code runs in the Functions app and the
/// local host; only the workflow layer (shared/Beds24Sync.Workflows) references the portable Durable model.
/// </summary>
public sealed class ArchitectureTests
{
    [Theory]
    [InlineData(typeof(Beds24SyncServiceCollectionExtensions))]
    [InlineData(typeof(Beds24.Api.IBeds24Client))]
    public void SharedAssembly_ReferencesNoFunctionsOrDurableAssembly(Type fromAssembly)
    {
        var referenced = fromAssembly.Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.DoesNotContain(referenced, n => n.StartsWith("Microsoft.Azure.Functions", StringComparison.Ordinal)
            || n.StartsWith("Microsoft.DurableTask", StringComparison.Ordinal)
            || n.StartsWith("Microsoft.Azure.WebJobs", StringComparison.Ordinal)
            || n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.NotEmpty(referenced);
    }

    [Fact]
    public void SharedSources_MentionNoFunctionsNamespaceAndDurableOnlyInTheWorkflowLayer()
    {
        var shared = FindShared();
        var workflows = Path.Combine(shared, "Beds24Sync.Workflows") + Path.DirectorySeparatorChar;
        var sources = Directory.EnumerateFiles(shared, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();

        Assert.DoesNotContain(sources, f => File.ReadLines(f).Any(l => l.TrimStart().StartsWith("using Microsoft.Azure.Functions", StringComparison.Ordinal)));
        Assert.DoesNotContain(sources, f => !f.StartsWith(workflows, StringComparison.Ordinal)
            && File.ReadLines(f).Any(l => l.TrimStart().StartsWith("using Microsoft.DurableTask", StringComparison.Ordinal)));
        Assert.Contains(sources, f => f.StartsWith(workflows, StringComparison.Ordinal));
    }

    [Fact]
    public void WorkflowLayer_ReferencesNoFunctionsAssembly()
    {
        var referenced = typeof(Beds24Sync.Workflows.WorkflowNames).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.DoesNotContain(referenced, n => n.StartsWith("Microsoft.Azure.Functions", StringComparison.Ordinal) || n.StartsWith("Microsoft.Azure.WebJobs", StringComparison.Ordinal));
        Assert.Contains(referenced, n => n.StartsWith("Microsoft.DurableTask", StringComparison.Ordinal));
    }

    private static string FindShared()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "Beds24Sync");
            if (Directory.Exists(candidate))
            {
                return Path.GetDirectoryName(candidate)!;
            }
        }

        // The test output lives under artifacts/, possibly outside the repo (BEDS24_ARTIFACTS): fall back to the sources' path.
        return Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", "..", "..", "shared"));
    }

    private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;
}
