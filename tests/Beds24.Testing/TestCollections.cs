namespace Beds24.Testing;

/// <summary>
/// Collection names shared by the test projects. xUnit only finds a [CollectionDefinition] in the test assembly
/// itself, so each project declares its own small definition class with these names.
/// </summary>
public static class TestCollections
{
    /// <summary>Tests on Azurite run one after another and call <see cref="AzuriteFixture.ResetAsync"/> first.</summary>
    public const string Azurite = "Azurite";

    public const string Simulator = "Beds24 simulator";
}
