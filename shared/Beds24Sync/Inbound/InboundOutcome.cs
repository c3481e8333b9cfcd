namespace Beds24Sync.Inbound;

/// <summary>What happened to one Beds24 booking version on its way to the PMS.</summary>
public enum InboundOutcome
{
    /// <summary>A changed version went to the PMS.</summary>
    Published,
    /// <summary>A booking the PMS had not seen went to the PMS.</summary>
    Created,
    /// <summary>The PMS already has this version (a duplicate hint, or the echo of our own push).</summary>
    Unchanged,
    /// <summary>Older than the version already synced.</summary>
    Stale,
    HeldForConflict,
    /// <summary>A conflict rule let the PMS's state win; it will overwrite Beds24.</summary>
    Overruled,
    DeadLettered,
    DeletedPublished,
    /// <summary>Another worker recorded this version and is publishing it.</summary>
    InFlight,
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
