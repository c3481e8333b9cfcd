using Beds24.Simulator;

namespace Beds24.Testing;

/// <summary>One Beds24 simulator for a test collection, seeded with an account, a property and two rooms.</summary>
public sealed class SimulatorFixture : IAsyncLifetime
{
    public Beds24SimulatorServer Server { get; private set; } = null!;

    public int OwnerId { get; private set; }

    public long PropertyId { get; private set; }

    public long StandardRoomId { get; private set; }

    public long SuiteRoomId { get; private set; }

    public string RefreshToken { get; private set; } = "";

    public async Task InitializeAsync()
    {
        // A large budget: tests sharing this account are not about credits (those start their own simulator).
        Server = await Beds24SimulatorServer.StartAsync(new SimulatorOptions { CreditLimit = 1_000_000m });
        OwnerId = Server.State.CreateAccount("Fixture Hotels");
        PropertyId = Server.State.AddProperty(OwnerId, "Fixture Hotel", "GB");
        StandardRoomId = Server.State.AddRoom(PropertyId, "Standard Double", qty: 10);
        SuiteRoomId = Server.State.AddRoom(PropertyId, "Suite", qty: 2);
        RefreshToken = Server.State.IssueRefreshToken(OwnerId);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
