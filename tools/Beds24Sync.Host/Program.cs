using Beds24Sync.Host;

// beds24sync: the local host and operator CLI. `serve` runs the whole system here; the other verbs act on the same
// storage (Azurite by default) and Beds24 account(s). Run with --help for details.
return await Cli.Build().Parse(args).InvokeAsync();
