using System.CommandLine;
using Beds24Sync.Host;

// beds24sync: the local host and operator CLI. `serve` runs the whole system here; the other verbs act on the same
// storage (Azurite by default) and Beds24 account(s). Run with --help for details.
var root = new RootCommand("Beds24 ⇄ PMS sync: local host and operator CLI");
var storageOption = new Option<string?>("--storage") { Description = "Storage connection string (default: Azurite, UseDevelopmentStorage=true)" };
var beds24UrlOption = CliOptions.Beds24Url();
root.Options.Add(storageOption);
root.Options.Add(beds24UrlOption);
foreach (var option in root.Options)
{
    option.Recursive = true;
}

root.Subcommands.Add(Commands.Serve(storageOption, beds24UrlOption));
root.Subcommands.Add(Commands.Connect(storageOption, beds24UrlOption));
root.Subcommands.Add(Commands.Sync(storageOption, beds24UrlOption));
root.Subcommands.Add(Commands.Pull(storageOption, beds24UrlOption));
root.Subcommands.Add(Commands.Conflicts(storageOption, beds24UrlOption));
root.Subcommands.Add(Commands.DeadLetters(storageOption, beds24UrlOption));
root.Subcommands.Add(Commands.Status(storageOption, beds24UrlOption));
return await root.Parse(args).InvokeAsync();
