using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Beds24.Simulator;

/// <summary>
/// What every Beds24 call goes through: request counting, injected faults, the access token, and the credit
/// budget (429 when spent; the x-five-min-limit-* and x-request-cost headers on every answer).
/// </summary>
internal sealed class SimulatorMiddleware(RequestDelegate next, SimulatorState state, SimulatorFaults faults)
{
    internal const string OwnerKey = "sim.owner";
    internal const string CostKey = "sim.cost";

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value?.TrimStart('/') ?? "";
        if (!path.StartsWith("v2/", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        path = path["v2/".Length..];
        state.CountRequest(context.Request.Method, path);

        if (faults.InOutage(path))
        {
            await WriteError(context, 503, "Service temporarily unavailable");
            return;
        }

        var lose = default(SimulatorFaults.FaultRule);
        if (faults.Take(context.Request.Method, path, context.Request.QueryString.Value ?? "") is { } fault)
        {
            switch (fault.Kind)
            {
                case SimulatorFaults.FaultKind.LoseAnswer:
                    lose = fault;
                    break;
                case SimulatorFaults.FaultKind.Drop:
                    context.Abort();
                    return;
                case SimulatorFaults.FaultKind.Latency:
                    await Task.Delay(fault.Latency, context.RequestAborted);
                    break;
                case SimulatorFaults.FaultKind.Status:
                    if (fault.StatusCode == 429)
                    {
                        // An injected limit resets in a second so tests stay fast; a real exhaustion uses the window.
                        SetCreditHeaders(context, 0m, TimeSpan.FromSeconds(1), 0m);
                    }

                    await WriteError(context, fault.StatusCode, fault.StatusCode == 429 ? "Credit limit exceeded, please wait" : "Injected failure");
                    return;
            }
        }

        var owner = ResolveOwner(context, path, out var authError);
        if (authError is not null)
        {
            await WriteError(context, 401, authError);
            return;
        }

        if (owner is { } o)
        {
            context.Items[OwnerKey] = o;
            var (remaining, resetsIn) = state.CreditStatus(o);
            if (remaining <= 0)
            {
                SetCreditHeaders(context, remaining, resetsIn, 0m);
                await WriteError(context, 429, "Five minute credit limit exceeded. Wait for the limit to reset.");
                return;
            }

            context.Response.OnStarting(() =>
            {
                var cost = context.Items.TryGetValue(CostKey, out var c) && c is decimal d ? d : state.Options.BaseRequestCost;
                // Live, a request refused with 400 cost nothing (remaining did not move); failures of the server are not charged either.
                if (context.Response.StatusCode is 400 or >= 500)
                {
                    cost = 0m;
                }

                state.Charge(o, cost);
                var (left, resets) = state.CreditStatus(o);
                SetCreditHeaders(context, left, resets, cost);
                return Task.CompletedTask;
            });
        }

        if (lose is null)
        {
            await next(context);
            return;
        }

        await ApplyThenLoseAnswerAsync(context, lose);
    }

    /// <summary>Run the request for real (state changes, credits are charged), then throw its answer away.</summary>
    private async Task ApplyThenLoseAnswerAsync(HttpContext context, SimulatorFaults.FaultRule fault)
    {
        var realBody = context.Response.Body;
        using var discarded = new MemoryStream();
        context.Response.Body = discarded;
        await next(context);
        context.Response.Body = realBody;
        faults.CountLostAnswer();
        switch (fault.How)
        {
            case LostAnswer.Reset:
                context.Abort();
                return;
            case LostAnswer.Timeout:
                try
                {
                    // Longer than any sensible client timeout; the caller gives up first and the connection closes.
                    await Task.Delay(TimeSpan.FromMinutes(2), context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                }

                context.Abort();
                return;
            default:
                context.Response.Headers.Clear();
                context.Response.StatusCode = 502;
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<html><body><h1>502 Bad Gateway</h1></body></html>");
                return;
        }
    }

    private int? ResolveOwner(HttpContext context, string path, out string? error)
    {
        error = null;
        var headers = context.Request.Headers;
        switch (path)
        {
            case "authentication/setup":
                return state.OwnerOfInviteCode(headers["code"].ToString());
            case "authentication/token":
                return state.OwnerOfRefreshToken(headers["refreshToken"].ToString());
        }

        var token = headers["token"].ToString();
        if (string.IsNullOrEmpty(token))
        {
            error = "Token missing";
            return null;
        }

        if (state.ValidateAccessToken(token) is not { } valid)
        {
            error = "Token is invalid or has expired";
            return null;
        }

        return valid.Owner;
    }

    private static void SetCreditHeaders(HttpContext context, decimal remaining, TimeSpan resetsIn, decimal cost)
    {
        var h = context.Response.Headers;
        h["x-five-min-limit-remaining"] = remaining.ToString("0.##", CultureInfo.InvariantCulture);
        h["x-five-min-limit-resets-in"] = Math.Ceiling(resetsIn.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        h["x-request-cost"] = cost.ToString("0.###", CultureInfo.InvariantCulture);
    }

    internal static Task WriteError(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(SimJson.Error(status, message).ToJsonString());
    }

    internal static JsonNode Ok(JsonNode body) => body;
}
