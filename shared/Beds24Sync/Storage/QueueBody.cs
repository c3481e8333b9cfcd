using System.Text;

namespace Beds24Sync.Storage;

/// <summary>Decodes a raw queue body the way the Functions trigger does: Base64 of UTF-8 text.</summary>
public static class QueueBody
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <returns>True with the text when the body is Base64 of valid UTF-8; false when it is not (a poison message).</returns>
    public static bool TryDecode(string raw, out string text)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var bytes = new byte[raw.Length];
        if (Convert.TryFromBase64String(raw.Trim(), bytes, out var length))
        {
            try
            {
                text = StrictUtf8.GetString(bytes, 0, length);
                return true;
            }
            catch (DecoderFallbackException)
            {
            }
        }

        text = "";
        return false;
    }
}
