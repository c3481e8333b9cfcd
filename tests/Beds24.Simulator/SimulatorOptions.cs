namespace Beds24.Simulator;

/// <summary>How the simulated Beds24 behaves. Defaults follow FACTS.md (100 credits / 5 min, 24 h tokens, 100 per page).</summary>
public sealed class SimulatorOptions
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

    // Cost model (approximations of what Beds24 charges; see FACTS.md: a page of 100 bookings ≈ 1.5).
    public decimal BaseRequestCost { get; init; } = 1m;
    public decimal BookingReadCost { get; init; } = 0.005m;
    /// <summary>Extra per booking with includeInvoiceItems (a page of 100 then costs ≈ 1.6).</summary>
    public decimal InvoiceItemsReadCost { get; init; } = 0.001m;
    public decimal BookingWriteCost { get; init; } = 0.05m;
    public decimal CalendarRangeWriteCost { get; init; } = 0.002m;
}
