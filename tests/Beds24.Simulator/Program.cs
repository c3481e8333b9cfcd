using System.Globalization;
using Beds24.Simulator;

// Runnable simulator: `dotnet run --project tests/Beds24.Simulator -- --port 5080`.
// Seeds one account with a property and two rooms, prints an invite code and a refresh token for it, and runs until Ctrl+C.
var port = 0;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--port" && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) && p is >= 0 and <= 65535)
    {
        port = p;
        i++;
    }
    else
    {
        Console.Error.WriteLine($"Unknown argument '{args[i]}'. Usage: Beds24.Simulator [--port N]");
        return 2;
    }
}

await using var server = await Beds24SimulatorServer.StartAsync(new SimulatorOptions { Port = port });
var owner = server.State.CreateAccount("Demo Hotels");
var property = server.State.AddProperty(owner, "Demo Harbour Hotel");
var standard = server.State.AddRoom(property, "Standard Double", qty: 5);
var suite = server.State.AddRoom(property, "Suite", qty: 2);
Console.WriteLine($"Beds24 simulator listening at {server.BaseAddress}");
Console.WriteLine($"account {owner}, property {property}, rooms {standard} (Standard Double x5) and {suite} (Suite x2)");
// Printed on purpose: these are throw-away credentials of a local simulator, needed to connect to it.
Console.WriteLine($"invite code (24 h, single use): {server.State.CreateInviteCode(owner)}");
Console.WriteLine($"refresh token: {server.State.IssueRefreshToken(owner)}");
Console.WriteLine("Press Ctrl+C to stop.");

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}

return 0;
