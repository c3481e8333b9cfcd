using Microsoft.Extensions.Logging.Testing;

namespace Beds24.Testing;

/// <summary>
/// Everything a log record could leak, as text (level, formatted message, structured values, exception), for tests
/// that prove secrets and personal data stay out of <see cref="FakeLogger"/>'s records.
/// </summary>
public static class LogText
{
    public static string Of(FakeLogRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var values = string.Join(';', (record.StructuredState ?? []).Select(p => $"{p.Key}={p.Value}"));
        return $"{record.Level}: {record.Message} | {values} | {record.Exception}";
    }

    public static string All(FakeLogCollector collector)
    {
        ArgumentNullException.ThrowIfNull(collector);
        return string.Join('\n', collector.GetSnapshot().Select(Of));
    }
}
