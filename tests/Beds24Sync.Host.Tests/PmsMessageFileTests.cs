using Beds24Sync.Host;
using Beds24Sync.Storage;
using Beds24Sync.Validation;

namespace Beds24Sync.Host.Tests;

/// <summary>`send` refuses what the engine would dead-letter for its shape, and the published examples go as they are.</summary>
public sealed class PmsMessageFileTests
{
    private static readonly ContractValidator Validator = new();

    private static string Example(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "docs", "contracts", "examples", name);
            if (File.Exists(path))
            {
                return File.ReadAllText(path);
            }
        }

        throw new FileNotFoundException(name);
    }

    [Theory]
    [InlineData(PmsMessageFile.Booking, "pms-booking-message.json")]
    [InlineData(PmsMessageFile.Calendar, "pms-calendar-message.json")]
    public void Prepare_PublishedExample_IsValidAndCanBeReaddressedToTheDemoAccount(string kind, string file)
    {
        var (json, errors) = PmsMessageFile.Prepare(Validator, kind, Example(file), account: "demo");

        Assert.Empty(errors);
        Assert.Equal("demo", System.Text.Json.Nodes.JsonNode.Parse(json!)!["accountId"]!.GetValue<string>());
    }

    [Fact]
    public void Prepare_MessageBreakingItsContract_IsRefusedWithTheReasons()
    {
        var broken = Example("pms-booking-message.json").Replace("\"version\": 42,", "\"version\": \"forty-two\",", StringComparison.Ordinal);

        var (json, errors) = PmsMessageFile.Prepare(Validator, PmsMessageFile.Booking, broken, account: null);

        Assert.Null(json);
        Assert.Contains(errors, e => e.Contains("version", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(PmsMessageFile.Booking, "pms-booking-message.json", "\"departure\": \"2026-12-23\"", "\"departure\": \"2026-12-20\"", "must be after arrival")]
    [InlineData(PmsMessageFile.Calendar, "pms-calendar-message.json", "\"from\": \"2026-12-01\"", "\"from\": \"2027-12-01\"", "must run forwards")]
    public void Prepare_RangeThatDoesNotRunForwards_IsRefusedWithTheIntakesReason(string kind, string file, string find, string replace, string expected)
    {
        var text = Example(file);
        Assert.Contains(find, text, StringComparison.Ordinal);

        var (json, errors) = PmsMessageFile.Prepare(Validator, kind, text.Replace(find, replace, StringComparison.Ordinal), account: null);

        Assert.Null(json);
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{not json", null, "not JSON")]
    [InlineData("[1,2]", null, "one JSON object")]
    [InlineData("{}", "bad/account", "--account")]
    public void Prepare_BadInput_SaysWhatIsWrong(string text, string? account, string expected)
    {
        var (json, errors) = PmsMessageFile.Prepare(Validator, PmsMessageFile.Booking, text, account);

        Assert.Null(json);
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void QueueOf_Kind_IsItsPushQueue()
    {
        Assert.Equal(StorageNames.Queues.PushBookings, PmsMessageFile.QueueOf(PmsMessageFile.Booking));
        Assert.Equal(StorageNames.Queues.PushCalendar, PmsMessageFile.QueueOf(PmsMessageFile.Calendar));
    }
}
