using Beds24.Testing;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Beds24Sync.IntegrationTests;

/// <summary>A second Azurite for bulk tests, stopped when they are done (collections run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class BulkAzuriteCollection : ICollectionFixture<BulkAzuriteCollection.Fixture>
{
    public const string Name = "Azurite (bulk)";

    /// <summary>Its own Azurite process.</summary>
    public sealed class Fixture : AzuriteFixture;
}
