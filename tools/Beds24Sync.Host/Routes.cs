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
            return response.ProblemJson is null
                ? Results.Ok()
                : Results.Text(response.ProblemJson, WebhookResponse.ProblemContentType, statusCode: response.Status);
        });

        app.MapGet(Base + "/conflicts", async (HttpContext ctx, ConflictsApi api) =>
            Write(await api.ListAsync(ConflictQuery.FromQuery(name => ctx.Request.Query[name]), ctx.RequestAborted)));
        app.MapGet(Base + "/conflicts/stats", async (HttpContext ctx, ConflictsApi api) => Write(await api.StatsAsync(ctx.RequestAborted)));
        app.MapGet(Base + "/conflicts/{id}", async (string id, HttpContext ctx, ConflictsApi api) => Write(await api.GetAsync(id, ctx.RequestAborted)));
        app.MapPost(Base + "/conflicts/{id}/resolve", async (string id, HttpContext ctx, ConflictsApi api) =>
            Write(await api.ResolveAsync(id, ctx.Request.Body, ctx.Request.ContentLength, name => ctx.Request.Headers[name], ctx.RequestAborted)));

        app.MapGet(Base + "/status", async (HttpContext ctx, StatusService status) => Write(await status.StatusJsonAsync(ctx.RequestAborted)));
        app.MapGet(Base + "/metrics", async (HttpContext ctx, StatusService status) => Write(await status.MetricsTextAsync(ctx.RequestAborted)));
        app.MapGet(Base + "/health", async (HttpContext ctx, HealthService health) => Write(await health.CheckAsync(ctx.RequestAborted)));

        app.MapGet("/conflicts", () => Asset("conflicts.html"));
        app.MapGet("/{file}", (string file) => file is "conflicts.css" or "conflicts.js" ? Asset(file) : Results.NotFound());
    }

    private static IResult Write(ApiResult result) => Results.Text(result.Body, result.ContentType, statusCode: result.Status);

    private static IResult Asset(string name) =>
        OperatorAssets.TryGet(name, out var content, out var type) ? Results.Bytes(content, type) : Results.NotFound();
}
