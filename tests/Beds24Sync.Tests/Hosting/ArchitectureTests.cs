using System.Reflection;
using Beds24Sync.Hosting;

namespace Beds24Sync.Tests.Hosting;

/// <summary>DESIGN.md §1: nothing in shared/ references Azure Functions or Durable types, so it builds and runs anywhere.</summary>
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
    public void SharedSources_MentionNoFunctionsOrDurableNamespace()
    {
        var shared = FindShared();
        var offenders = Directory.EnumerateFiles(shared, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadLines(f).Any(l => l.TrimStart().StartsWith("using Microsoft.Azure.Functions", StringComparison.Ordinal)
                || l.TrimStart().StartsWith("using Microsoft.DurableTask", StringComparison.Ordinal)))
            .ToList();

        Assert.Empty(offenders);
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
