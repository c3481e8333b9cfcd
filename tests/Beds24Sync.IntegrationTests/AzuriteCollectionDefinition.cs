using Beds24.Testing;

namespace Beds24Sync.IntegrationTests;

[CollectionDefinition(TestCollections.Azurite)]
public sealed class AzuriteCollectionDefinition : ICollectionFixture<AzuriteFixture>;
