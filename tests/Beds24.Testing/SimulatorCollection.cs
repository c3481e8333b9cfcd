namespace Beds24.Testing;

/// <summary>
/// The xUnit collection of tests that share one <see cref="SimulatorFixture"/>. Declared per test project like
/// <see cref="AzuriteCollection"/>:
/// <code>[CollectionDefinition(SimulatorCollection.Name)] public sealed class SimulatorCollectionDefinition : ICollectionFixture&lt;SimulatorFixture&gt;;</code>
/// </summary>
public static class SimulatorCollection
{
    public const string Name = "Beds24 simulator";
}
