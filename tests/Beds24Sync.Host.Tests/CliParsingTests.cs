using System.CommandLine;
using Beds24Sync.Host;

namespace Beds24Sync.Host.Tests;

/// <summary>Parsing only (nothing runs): what the README and the docs tell an operator to type is accepted, and what is wrong is refused with a reason.</summary>
public sealed class CliParsingTests
{
    private static ParseResult Parse(string line) => Cli.Build().Parse(line);

    [Theory]
    [InlineData("serve")]
    [InlineData("serve --beds24 real --port 7072 --simulator-port 5081")]
    [InlineData("serve --beds24-url http://127.0.0.1:5080/v2/")]
    [InlineData("serve --fresh")]
    [InlineData("connect --account harbour --invite-code abc --property 12345 --property 678")]
    [InlineData("connect --account harbour.group_1 --invite-code abc --beds24-url https://beds24.com/api/v2")]
    [InlineData("sync")]
    [InlineData("sync --account harbour --beds24-url https://beds24.com/api/v2/")]
    [InlineData("pull --full")]
    [InlineData("pull --full --account harbour --storage UseDevelopmentStorage=true")]
    [InlineData("conflicts list --status open")]
    [InlineData("conflicts show c-1")]
    [InlineData("conflicts resolve c-1 --action merge --field amount=pms --field departure=beds24 --by anna")]
    [InlineData("conflicts resolve c-1 --action accept-beds24 --by anna --beds24-url http://localhost:5080/v2/")]
    [InlineData("deadletters list --all")]
    [InlineData("deadletters replay dl-1")]
    [InlineData("status --beds24-url http://127.0.0.1:5080/v2/")]
    [InlineData("send booking docs/contracts/examples/pms-booking-message.json --account demo")]
    [InlineData("send calendar docs/contracts/examples/pms-calendar-message.json")]
    [InlineData("send booking -")]
    [InlineData("inbound tail")]
    [InlineData("status --from http://127.0.0.1:7071/")]
    [InlineData("status --from https://harbour-func.azurewebsites.net --key abc")]
    [InlineData("accounts list")]
    [InlineData("accounts show harbour.group")]
    [InlineData("accounts disable harbour")]
    [InlineData("accounts enable harbour")]
    [InlineData("accounts remove harbour --yes")]
    [InlineData("accounts webhook-secret harbour")]
    [InlineData("accounts webhook-secret harbour --rotate")]
    [InlineData("accounts remove harbour --yes --revoke")]
    [InlineData("mappings import mappings.json --account demo --dry-run --verify")]
    [InlineData("mappings list --account demo")]
    [InlineData("mappings beds24 --account demo")]
    [InlineData("mappings add-property --account demo --pms-property HARBOUR --beds24-property 5001 --country GB --currency EUR")]
    [InlineData("mappings add-room --account demo --pms-property HARBOUR --pms-room-type DBL --beds24-property 5001 --beds24-room 70001 --price-slot BAR=1 --price-slot NRF=2")]
    [InlineData("inbound tail --take --once --json")]
    public void Parse_DocumentedInvocation_HasNoErrors(string line) => Assert.Empty(Parse(line).Errors);

    [Theory]
    [InlineData("sync --beds24-url http://127.0.0.1:5080/v2", "http://127.0.0.1:5080/v2/")]
    [InlineData("status --beds24-url https://beds24.com/api/v2/", "https://beds24.com/api/v2/")]
    public void Parse_Beds24Url_IsAnAbsoluteUrlEndingInASlash(string line, string expected)
    {
        var result = Parse(line);
        var option = result.CommandResult.Command.Options.Concat(result.RootCommandResult.Command.Options).OfType<Option<Uri?>>().First(o => o.Name == "--beds24-url");

        Assert.Equal(new Uri(expected), result.GetValue(option));
    }

    [Theory]
    [InlineData("sync --beds24-url not-a-url", "--beds24-url")]
    [InlineData("status --beds24-url ftp://beds24.com/api/v2/", "--beds24-url")]
    [InlineData("connect --account 'harbour group' --invite-code abc", "--account")]
    [InlineData("connect --account harbour", "--invite-code")]
    [InlineData("connect --account harbour --invite-code abc --property twelve", "twelve")]
    [InlineData("serve --port 0", "--port")]
    [InlineData("serve --port 70000", "--port")]
    [InlineData("serve --port abc", "abc")]
    [InlineData("serve --beds24 sandbox", "sandbox")]
    [InlineData("conflicts resolve c-1 --action flip --by anna", "flip")]
    [InlineData("conflicts resolve c-1 --action accept-pms", "--by")]
    [InlineData("deadletters replay", "")]
    [InlineData("frobnicate", "frobnicate")]
    [InlineData("send flight x.json", "flight")]
    [InlineData("send booking", "Required argument")]
    [InlineData("inbound", "Required command")]
    [InlineData("status --from not-a-url", "--from")]
    [InlineData("accounts show bad/account", "bad/account")]
    [InlineData("accounts disable", "Required argument")]
    [InlineData("accounts remove bad/account --yes", "bad/account")]
    [InlineData("accounts webhook-secret", "Required argument")]
    [InlineData("mappings import --account demo", "Required argument")]
    [InlineData("mappings import m.json", "--account")]
    [InlineData("mappings add-room --account demo --pms-property H --pms-room-type D --beds24-property 1", "--beds24-room")]
    [InlineData("mappings add-property --account demo --pms-property H --beds24-property five", "five")]
    public void Parse_BadValue_IsAnErrorNamingIt(string line, string named)
    {
        var errors = Parse(line).Errors;

        Assert.NotEmpty(errors);
        Assert.Contains(errors, e => e.Message.Contains(named, StringComparison.Ordinal));
    }
}
