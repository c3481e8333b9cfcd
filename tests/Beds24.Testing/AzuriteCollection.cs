namespace Beds24.Testing;

/// <summary>
/// The xUnit collection of tests that share one <see cref="AzuriteFixture"/>: they run one after another and call
/// <see cref="AzuriteFixture.ResetAsync"/> first. xUnit (and its analyzers) only accept a collection definition
/// inside the test assembly, so each test project declares it with one line:
/// <code>[CollectionDefinition(AzuriteCollection.Name)] public sealed class AzuriteCollectionDefinition : ICollectionFixture&lt;AzuriteFixture&gt;;</code>
/// and marks its classes <c>[Collection(AzuriteCollection.Name)]</c>.
/// </summary>
public static class AzuriteCollection
{
    public const string Name = "Azurite";
}
