using Beds24.Testing;

namespace Beds24.Api.Tests.Integration;

[CollectionDefinition(TestCollections.Simulator)]
public sealed class SimulatorCollectionDefinition : ICollectionFixture<SimulatorFixture>;
