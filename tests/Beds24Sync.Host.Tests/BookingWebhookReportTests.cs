using System.Text.Json;
using Beds24.Api.Models;

namespace Beds24Sync.Host.Tests;

public sealed class BookingWebhookReportTests
{
    private static Beds24BookingWebhookSetting Read(string json) => JsonSerializer.Deserialize<Beds24BookingWebhookSetting>(json, JsonSerializerOptions.Web)!;

    [Fact]
    public void Describe_CardDataAdded_WarnsAndShowsNeitherTheSecretNorTheQuery()
    {
        var setting = Read("""{"version":"twoNoPersonalData","url":"https://ops:PASSWORD@app.example/api/integrations/beds24/webhook?account=harbour&code=FUNCTIONKEY#frag","additionalData":"CVCAndToken","customHeader":"X-Beds24-Secret: s3cr3t-value"}""");

        var lines = BookingWebhookReport.Describe(setting);

        Assert.Equal("booking webhook: version twoNoPersonalData → https://app.example/api/integrations/beds24/webhook (custom header set, additional data CVCAndToken)", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("WARNING: Beds24 adds card data (CVCAndToken)", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("s3cr3t", StringComparison.Ordinal) || l.Contains("FUNCTIONKEY", StringComparison.Ordinal) || l.Contains("PASSWORD", StringComparison.Ordinal));
        Assert.DoesNotContain("s3cr3t", setting.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_NoUrl_WarnsThatOnlyThePullBringsChanges() =>
        Assert.Contains("only through the 5-minute pull", BookingWebhookReport.Describe(Read("""{"version":"one","url":"","additionalData":"none","customHeader":""}"""))[1], StringComparison.Ordinal);

    [Theory]
    [InlineData("""{"version":"one","url":"https://app.example/hook?account=a&key=abc","additionalData":"none","customHeader":""}""", 1)]
    [InlineData("""{"version":"twoNoPersonalData","url":"https://app.example/hook?account=a","additionalData":"none","customHeader":""}""", 2)]
    [InlineData("""{"version":"one","url":"https://app.example/hook?account=a&apikey=x","additionalData":"none","customHeader":""}""", 2)]
    public void Describe_SecretNeitherInAHeaderNorInTheUrl_Warns(string json, int expectedLines) =>
        Assert.Equal(expectedLines, BookingWebhookReport.Describe(Read(json)).Count);

    [Fact]
    public void Describe_NotShown_SaysWhy() =>
        Assert.Contains("properties scope", Assert.Single(BookingWebhookReport.Describe(null)), StringComparison.Ordinal);
}
