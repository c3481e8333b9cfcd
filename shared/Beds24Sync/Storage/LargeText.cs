using Azure.Data.Tables;

namespace Beds24Sync.Storage;

/// <summary>
/// Stores text longer than one table property allows (64 KiB = 32K UTF-16 characters) across numbered properties
/// <c>{name}</c>, <c>{name}_1</c>, … so a large message is kept whole instead of failing the write.
/// </summary>
public static class LargeText
{
    /// <summary>Characters per property, under the 32,768 a string property can hold.</summary>
    public const int ChunkChars = 30_000;

    public static void Write(TableEntity entity, string name, string text)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 1; entity.ContainsKey(ChunkName(name, i)); i++)
        {
            entity.Remove(ChunkName(name, i));
        }

        entity[name] = text.Length <= ChunkChars ? text : text[..ChunkChars];
        for (int i = 1, start = ChunkChars; start < text.Length; i++, start += ChunkChars)
        {
            entity[ChunkName(name, i)] = text.Substring(start, Math.Min(ChunkChars, text.Length - start));
        }
    }

    public static string? Read(TableEntity entity, string name)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (entity.GetString(name) is not { } first)
        {
            return null;
        }

        if (!entity.ContainsKey(ChunkName(name, 1)))
        {
            return first;
        }

        var builder = new System.Text.StringBuilder(first);
        for (var i = 1; entity.GetString(ChunkName(name, i)) is { } chunk; i++)
        {
            builder.Append(chunk);
        }

        return builder.ToString();
    }

    private static string ChunkName(string name, int index) => $"{name}_{index.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
