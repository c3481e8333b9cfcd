namespace Beds24.Testing;

/// <summary>
/// Collection names shared by the test projects (the same values as <see cref="AzuriteCollection.Name"/> and
/// <see cref="SimulatorCollection.Name"/>).
/// </summary>
public static class TestCollections
{
    /// <summary>Tests on Azurite run one after another and call <see cref="AzuriteFixture.ResetAsync"/> first.</summary>
    public const string Azurite = AzuriteCollection.Name;

    public const string Simulator = SimulatorCollection.Name;
}
