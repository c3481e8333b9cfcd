using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Infra.Tests;

/// <summary>`azd up` can work: azure.yaml points at this repository's Bicep and Functions project, and the parameters file fits main.bicep.</summary>
public sealed class AzdTests
{
    private static readonly string Root = AppContext.BaseDirectory;

    private static YamlMappingNode AzureYaml()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Path.Combine(Root, "azure.yaml"))));
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value!;

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(Root); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "azure.yaml")) && Directory.Exists(Path.Combine(dir.FullName, "functions")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("repository root with azure.yaml");
    }

    [Fact]
    public void AzureYaml_InfraIsTheBicepAndTheServiceIsTheFunctionsProject()
    {
        var root = AzureYaml();
        var infra = (YamlMappingNode)root.Children[new YamlScalarNode("infra")];
        Assert.Equal("bicep", Scalar(infra, "provider"));
        Assert.True(File.Exists(Path.Combine(RepoRoot(), Scalar(infra, "path"), Scalar(infra, "module") + ".bicep")));

        var services = (YamlMappingNode)root.Children[new YamlScalarNode("services")];
        var (name, node) = Assert.Single(services.Children);
        var service = (YamlMappingNode)node;
        Assert.Equal(("function", "dotnet"), (Scalar(service, "host"), Scalar(service, "language")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(RepoRoot(), Scalar(service, "project")), "*.csproj"));

        // azd finds the app to deploy to by this tag.
        var app = BicepTests.CompiledResources("Microsoft.Web/sites").Single();
        Assert.Equal(((YamlScalarNode)name).Value, (string?)app["tags"]!["azd-service-name"]);
    }

    [Fact]
    public void ParametersFile_GivesEveryRequiredParameterAndOnlyKnownOnes()
    {
        var parameters = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "infra", "main.parameters.json")))!["parameters"]!.AsObject();
        var declared = BicepTests.CompiledTemplate()["parameters"]!.AsObject();

        Assert.All(parameters, p => Assert.True(declared.ContainsKey(p.Key), $"main.bicep has no parameter {p.Key}"));
        Assert.All(declared.Where(d => d.Value!["defaultValue"] is null), d => Assert.True(parameters.ContainsKey(d.Key), $"main.parameters.json lacks the required {d.Key}"));
    }
}
