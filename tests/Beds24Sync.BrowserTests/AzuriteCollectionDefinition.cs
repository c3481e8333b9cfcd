using Beds24.Testing;

namespace Beds24Sync.BrowserTests;

[CollectionDefinition(TestCollections.Azurite)]
public sealed class AzuriteCollectionDefinition : ICollectionFixture<AzuriteFixture>;
