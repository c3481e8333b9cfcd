using System.CommandLine;

namespace Beds24Sync.Host;

/// <summary>The command tree of beds24sync: the local host (<c>serve</c>) and the operator verbs, with the shared options.</summary>
public static class Cli
{
    public static RootCommand Build()
    {
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
        root.Subcommands.Add(Commands.Accounts(storageOption, beds24UrlOption));
        root.Subcommands.Add(Commands.Mappings(storageOption, beds24UrlOption));
        root.Subcommands.Add(Commands.Send(storageOption, beds24UrlOption));
        root.Subcommands.Add(Commands.Inbound(storageOption, beds24UrlOption));
        return root;
    }
}
