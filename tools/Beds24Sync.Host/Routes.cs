using Beds24Sync.Conflicts;
using Beds24Sync.Operations;
using Beds24Sync.Operator;
using Beds24Sync.Webhooks;

namespace Beds24Sync.Host;

/// <summary>The same HTTP routes as the Functions app, each a call into the shared engine.</summary>
internal static class Routes
{
    public const string Base = "/api/integrations/beds24";

    public static void Map(WebApplication app)
    {
        // Version 2 POSTs JSON; version 1 is a GET with bookid and status in the URL.
        app.MapMethods(Base + "/webhook", ["GET", "POST"], async (HttpContext ctx, WebhookIntake intake) =>
        {
            var response = await intake.HandleAsync(new WebhookRequest(
                ctx.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                ctx.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
                ctx.Request.Body, ctx.Request.ContentLength), ctx.RequestAborted);
            if (response.RetryAfterSeconds is { } retryAfter)
            {
                ctx.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return response.ProblemJson is null
                ? Results.Ok()
                : Results.Text(response.ProblemJson, WebhookResponse.ProblemContentType, statusCode: response.Status);
        });

        // Who calls is OperatorAccess's answer, as in Azure (token mode here: the token serve prints).
        app.MapGet(Base + "/conflicts", async (HttpContext ctx, ConflictsApi api, OperatorAccess access) =>
            Write(await api.ListAsync(ConflictQuery.FromQuery(name => ctx.Request.Query[name]), Caller(ctx, access), ctx.RequestAborted)));
        app.MapGet(Base + "/conflicts/stats", async (HttpContext ctx, ConflictsApi api, OperatorAccess access) => Write(await api.StatsAsync(Caller(ctx, access), ctx.RequestAborted)));
        app.MapGet(Base + "/conflicts/{id}", async (string id, HttpContext ctx, ConflictsApi api, OperatorAccess access) =>
            Write(await api.GetAsync(id, Caller(ctx, access), ctx.RequestAborted, includeSnapshots: ctx.Request.Query["include"] == "snapshots")));
        app.MapPost(Base + "/conflicts/{id}/resolve", async (string id, HttpContext ctx, ConflictsApi api, OperatorAccess access) =>
            Write(await api.ResolveAsync(id, ctx.Request.Body, ctx.Request.ContentLength, Caller(ctx, access), ctx.RequestAborted)));

        app.MapGet(Base + "/status", async (HttpContext ctx, StatusEndpoints status) => Write(await status.StatusJsonAsync(ctx.RequestAborted)));
        app.MapGet(Base + "/metrics", async (HttpContext ctx, StatusEndpoints status) => Write(await status.MetricsTextAsync(ctx.RequestAborted)));
        app.MapGet(Base + "/health", async (HttpContext ctx, HealthService health) => Write(await health.CheckAsync(ctx.RequestAborted)));

        app.MapGet("/conflicts", (HttpContext ctx) => Asset(ctx, "conflicts.html"));
        app.MapGet("/{file}", (HttpContext ctx, string file) => file is "conflicts.css" or "conflicts.js" ? Asset(ctx, file) : Results.NotFound());
    }

    private static OperatorCaller? Caller(HttpContext ctx, OperatorAccess access) => access.Authenticate(name => ctx.Request.Headers[name]);

    private static IResult Write(ApiResult result) => Results.Text(result.Body, result.ContentType, statusCode: result.Status);

    private static IResult Asset(HttpContext ctx, string name)
    {
        if (!OperatorAssets.TryGet(name, out var content, out var type))
        {
            return Results.NotFound();
        }

        foreach (var (header, value) in OperatorAssets.SecurityHeaders(name))
        {
            ctx.Response.Headers[header] = value;
        }

        return Results.Bytes(content, type);
    }
}
