namespace Beds24Sync.Inbound;

/// <summary>What happened to one Beds24 booking version on its way to the PMS.</summary>
public enum InboundOutcome
{
    Published,
    Unchanged,
    Stale,
    HeldForConflict,
    Overruled,
    DeadLettered,
    DeletedPublished,
}

/// <summary>Counts per outcome for one batch.</summary>
public sealed class InboundTally
{
    private readonly Dictionary<InboundOutcome, int> _counts = [];

    public void Add(InboundOutcome outcome) => _counts[outcome] = Count(outcome) + 1;

    public void Add(InboundTally other)
    {
        foreach (var (outcome, count) in other._counts)
        {
            _counts[outcome] = Count(outcome) + count;
        }
    }

    public int Count(InboundOutcome outcome) => _counts.GetValueOrDefault(outcome);

    public int Total => _counts.Values.Sum();

    public override string ToString() => string.Join(", ", _counts.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}: {kv.Value}"));
}
