namespace Beds24.Simulator;

/// <summary>How the simulated Beds24 behaves. Defaults follow FACTS.md (100 credits / 5 min, 24 h tokens, 100 per page).</summary>
public sealed record SimulatorOptions
{
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
    public decimal CreditLimit { get; init; } = 100m;
    public TimeSpan CreditWindow { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan AccessTokenLifetime { get; init; } = TimeSpan.FromHours(24);
    public TimeSpan InviteCodeLifetime { get; init; } = TimeSpan.FromHours(24);
    public int PageSize { get; init; } = 100;
    /// <summary>Delay before a webhook is delivered (Beds24 queues them, about a minute late on average).</summary>
    public TimeSpan WebhookDelay { get; init; } = TimeSpan.Zero;
    /// <summary>Fixed port, or 0 for a free one.</summary>
    public int Port { get; init; }

    // ---- behaviours of the live server that are unverified or differ from the spec: each can be switched, so the
    // engine is tested both ways. Defaults are the live server as observed (FACTS.md), or the less kind reading.

    /// <summary>Keep an <c>apiReference</c> sent on POST /bookings (not in the spec's newBooking schema; unverified live). Default: dropped.</summary>
    public bool KeepApiReferenceOnPost { get; init; }

    /// <summary>Unset text fields read back as <c>""</c> (a live response); false leaves them out.</summary>
    public bool EmptyStringsForUnsetText { get; init; } = true;

    /// <summary>Send the spec's <c>channel</c> field on reads. Default false: the live sample had none (only apiSource/referer).</summary>
    public bool SendChannelField { get; init; }

    /// <summary>
    /// Shape POST results' <c>new</c>/<c>modified</c> as the spec does (a list of <c>{field, subField}</c>, no id)
    /// instead of the booking object peers observe. Default false.
    /// </summary>
    public bool WriteResultsAsFieldLists { get; init; }

    /// <summary>Apply "only current and future bookings" to id= reads too (unverified live). Default false.</summary>
    public bool IdReadsHidePastBookings { get; init; }

    /// <summary>Whether version 1 webhooks (GET, no body) carry the custom header lines (unverified live). Default false.</summary>
    public bool V1WebhooksSendCustomHeader { get; init; }

    /// <summary>Fire booking webhooks on every change (the kind reading). Default false: only new, availability-affecting, cancel and message.</summary>
    public bool WebhooksOnEveryChange { get; init; }

    /// <summary>
    /// How the server reads <c>bookingTimeFrom</c>/<c>bookingTimeTo</c>: as UTC (the spec; zero, the default) or as the
    /// wall-clock time of a property this far ahead of UTC, whatever zone the value names (FACTS.md: filter dates are
    /// property-local; unverified for booking times). Negative for a property behind UTC.
    /// </summary>
    public TimeSpan BookingTimeFilterOffset { get; init; }

    /// <summary>Top-level items one POST takes (wiki, API V2.0: "a limit of 10000 top level JSON array item per POST request").</summary>
    public int MaxItemsPerPost { get; init; } = 10_000;

    // Cost model. Measured live (a public measurement runbook, 2026-08, on an account with no bookings): every GET
    // (bookings, properties, calendar) cost 1; a POST /bookings of one item cost 1.1, whether it created, modified or
    // cancelled; a request refused with 400 cost nothing. How a POST of many items is charged is unverified: the
    // default reads the 0.1 as a charge per item (the less kind reading); WithFlatWriteCost() is the
    // other reading (a flat charge per request).
    public decimal BaseRequestCost { get; init; } = 1m;
    /// <summary>Per booking on a page read (a page of 100 then costs 1.5; FACTS.md, unverified).</summary>
    public decimal BookingReadCost { get; init; } = 0.005m;
    /// <summary>Extra per booking with includeInvoiceItems (a page of 100 then costs ≈ 1.6).</summary>
    public decimal InvoiceItemsReadCost { get; init; } = 0.001m;
    /// <summary>What a POST /bookings costs before its items.</summary>
    public decimal BookingWriteRequestCost { get; init; } = 1m;
    /// <summary>What each item of a POST /bookings adds (one item: 1.1 in all, as measured live).</summary>
    public decimal BookingWriteCost { get; init; } = 0.1m;
    public decimal CalendarRangeWriteCost { get; init; } = 0.002m;

    /// <summary>The other reading of the live 1.1 for a one-item POST: the same charge per POST /bookings, whatever its items.</summary>
    public SimulatorOptions WithFlatWriteCost() =>
        this with { BookingWriteRequestCost = BookingWriteRequestCost + BookingWriteCost, BookingWriteCost = 0m };
}
