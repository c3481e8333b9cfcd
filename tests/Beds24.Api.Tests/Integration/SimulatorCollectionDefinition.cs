using Beds24.Testing;

namespace Beds24.Api.Tests.Integration;

[CollectionDefinition(SimulatorCollection.Name)]
public sealed class SimulatorCollectionDefinition : ICollectionFixture<SimulatorFixture>;
