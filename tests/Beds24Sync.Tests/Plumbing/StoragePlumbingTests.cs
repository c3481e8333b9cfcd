using System.Text;
using Azure.Data.Tables;
using Beds24Sync.Storage;

namespace Beds24Sync.Tests.Plumbing;

public sealed class StoragePlumbingTests
{
    [Theory]
    [InlineData("{\"a\":1}")]
    [InlineData("")]
    [InlineData("héllo – 日本")]
    public void QueueBody_Base64OfUtf8_DecodesToTheText(string text)
    {
        Assert.True(QueueBody.TryDecode(Convert.ToBase64String(Encoding.UTF8.GetBytes(text)), out var decoded));
        Assert.Equal(text, decoded);
    }

    [Theory]
    [InlineData("{\"messageId\":\"plain json\"}")]
    [InlineData("not base64!")]
    public void QueueBody_NotBase64_IsRefused(string raw) => Assert.False(QueueBody.TryDecode(raw, out _));

    [Fact]
    public void QueueBody_Base64OfInvalidUtf8_IsRefused() =>
        Assert.False(QueueBody.TryDecode(Convert.ToBase64String([0xC3, 0x28, 0xFF]), out _));

    [Theory]
    [InlineData(0)]
    [InlineData(LargeText.ChunkChars)]
    [InlineData(LargeText.ChunkChars + 1)]
    [InlineData((LargeText.ChunkChars * 3) + 17)]
    public void LargeText_AnyLength_ReadsBackWholeWithNoPropertyOverTheLimit(int length)
    {
        var text = string.Concat(Enumerable.Range(0, length).Select(i => (char)('a' + (i % 26))));
        var entity = new TableEntity("p", "r");

        LargeText.Write(entity, "Json", text);

        Assert.Equal(text, LargeText.Read(entity, "Json"));
        Assert.All(entity.Select(kv => kv.Value).OfType<string>(), v => Assert.True(v.Length <= LargeText.ChunkChars));
    }

    [Fact]
    public void LargeText_RewrittenShorter_DropsTheOldChunks()
    {
        var entity = new TableEntity("p", "r");
        LargeText.Write(entity, "Json", new string('x', (LargeText.ChunkChars * 2) + 5));

        LargeText.Write(entity, "Json", "short");

        Assert.Equal("short", LargeText.Read(entity, "Json"));
        Assert.False(entity.ContainsKey("Json_1"));
    }

    [Fact]
    public void LargeText_Missing_IsNull() => Assert.Null(LargeText.Read(new TableEntity("p", "r"), "Json"));
}
