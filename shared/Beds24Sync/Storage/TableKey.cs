using System.Text;

namespace Beds24Sync.Storage;

/// <summary>
/// Makes any id safe as a PartitionKey/RowKey (Azure Tables forbid / \ # ? and control characters) while keeping
/// it readable and reversible: forbidden characters and '%' become %XX.
/// </summary>
public static class TableKey
{
    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c))
            {
                builder.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    public static string Decode(string value) => Uri.UnescapeDataString(value);
}
