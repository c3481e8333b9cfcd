using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Beds24.Simulator;

/// <summary>
/// Delivers booking webhooks in the background, as Beds24 does: version 2 JSON to the property's URL with its custom
/// header lines, retried on no answer or ≥ 400, optionally late, duplicated, reordered or lost (see <see cref="SimulatorFaults"/>).
/// </summary>
internal sealed class WebhookDispatcher : IAsyncDisposable
{
    private const int MaxAttempts = 4;
    private static readonly TimeSpan HoldBackLimit = TimeSpan.FromSeconds(1);
    private readonly Channel<QueuedWebhook> _queue = Channel.CreateUnbounded<QueuedWebhook>();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly CancellationTokenSource _stop = new();
    private readonly SimulatorOptions _options;
    private readonly SimulatorFaults _faults;
    private readonly Task _loop;
    private QueuedWebhook? _heldBack;
    private int _pending;
    private int _delivered;
    private int _failed;

    public WebhookDispatcher(SimulatorOptions options, SimulatorFaults faults)
    {
        _options = options;
        _faults = faults;
        _loop = Task.Run(RunAsync);
    }

    public int Delivered => Volatile.Read(ref _delivered);

    public int Failed => Volatile.Read(ref _failed);

    /// <param name="kind">new, modify, cancel or message (version 1's status values).</param>
    public void Enqueue(SimBooking booking, SimWebhook webhook, string kind, string? message = null)
    {
        Interlocked.Increment(ref _pending);
        _queue.Writer.TryWrite(new QueuedWebhook(booking, webhook, kind, message, Stopwatch.GetTimestamp()));
    }

    /// <summary>Wait until every queued webhook was delivered or given up.</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        // Wall-clock on purpose: tests may drive the simulator with a fake TimeProvider that never advances.
        var clock = Stopwatch.StartNew();
        while (Volatile.Read(ref _pending) > 0 && clock.Elapsed < timeout)
        {
            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    private async Task RunAsync()
    {
        try
        {
            while (true)
            {
                var item = await NextAsync().ConfigureAwait(false);
                if (item is null)
                {
                    return;
                }

                // Each webhook goes out WebhookDelay after its change (wall clock: a test's fake clock may stand still).
                var wait = _options.WebhookDelay - Stopwatch.GetElapsedTime(item.Value.QueuedAt);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _stop.Token).ConfigureAwait(false);
                }

                if (_faults.ReorderWebhooks && _heldBack is null)
                {
                    _heldBack = item;
                    continue;
                }

                await DeliverAsync(item.Value).ConfigureAwait(false);
                if (_heldBack is { } held)
                {
                    _heldBack = null;
                    await DeliverAsync(held).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The next queued webhook; a held-back one goes out alone if nothing overtakes it within a second.</summary>
    private async Task<QueuedWebhook?> NextAsync()
    {
        if (_heldBack is { } held)
        {
            using var overtake = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            overtake.CancelAfter(HoldBackLimit);
            try
            {
                if (!await _queue.Reader.WaitToReadAsync(overtake.Token).ConfigureAwait(false))
                {
                    return null;
                }
            }
            catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
            {
                _heldBack = null;
                await DeliverAsync(held).ConfigureAwait(false);
            }
        }

        try
        {
            return await _queue.Reader.ReadAsync(_stop.Token).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    private async Task DeliverAsync(QueuedWebhook item)
    {
        var (booking, webhook, kind, message, _) = item;
        try
        {
            if (_faults.LoseWebhooks)
            {
                return;
            }

            var copies = _faults.DuplicateWebhooks ? 2 : 1;
            for (var copy = 0; copy < copies; copy++)
            {
                await SendWithRetriesAsync(webhook, booking, kind, message).ConfigureAwait(false);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _pending);
        }
    }

    private async Task SendWithRetriesAsync(SimWebhook webhook, SimBooking booking, string kind, string? message)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            using var request = webhook.Version == 1
                ? new HttpRequestMessage(HttpMethod.Get, V1Url(webhook.Url, booking, kind))
                : new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = new StringContent(V2(booking, attempt, message), Encoding.UTF8, "application/json") };
            if (webhook.Version != 1 || _options.V1WebhooksSendCustomHeader)
            {
                foreach (var (name, value) in webhook.CustomHeaders)
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }
            }

            try
            {
                using var response = await _http.SendAsync(request, _stop.Token).ConfigureAwait(false);
                if ((int)response.StatusCode < 400)
                {
                    Interlocked.Increment(ref _delivered);
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!_stop.IsCancellationRequested)
            {
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200 * (attempt + 1)), _stop.Token).ConfigureAwait(false);
        }

        Interlocked.Increment(ref _failed);
    }

    private string V2(SimBooking booking, int retries, string? message) => new JsonObject
    {
        ["timeStamp"] = SimJson.Time(_options.TimeProvider.GetUtcNow()),
        ["booking"] = SimJson.Booking(booking, _options),
        ["infoItems"] = new JsonArray([.. booking.InfoItems.Select(i => (JsonNode)new JsonObject { ["id"] = i.Id, ["code"] = i.Code, ["text"] = i.Text })]),
        ["invoiceItems"] = new JsonArray(),
        ["messages"] = message is null
            ? new JsonArray()
            : new JsonArray(new JsonObject { ["message"] = message, ["source"] = "guest", ["time"] = SimJson.Time(_options.TimeProvider.GetUtcNow()) }),
        ["retries"] = retries,
    }.ToJsonString();

    /// <summary>Version 1 (wiki): a GET with no body, "the bookid and status are appended to your url".</summary>
    private static Uri V1Url(Uri url, SimBooking booking, string kind)
    {
        var separator = string.IsNullOrEmpty(url.Query) ? "?" : "&";
        return new Uri($"{url}{separator}bookid={booking.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}&status={kind}");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _queue.Writer.TryComplete();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _http.Dispose();
        _stop.Dispose();
    }
}

internal readonly record struct QueuedWebhook(SimBooking Booking, SimWebhook Webhook, string Kind, string? Message, long QueuedAt);
