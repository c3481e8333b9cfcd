using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Beds24.Simulator;

internal static class AuthenticationEndpoints
{
    public static void Map(WebApplication app, SimulatorState state)
    {
        app.MapGet("/v2/authentication/setup", (HttpContext ctx) =>
        {
            var code = ctx.Request.Headers["code"].ToString();
            return state.RedeemInviteCode(code) is { } setup
                ? Json(200, new JsonObject { ["token"] = setup.Token, ["expiresIn"] = setup.ExpiresIn, ["refreshToken"] = setup.RefreshToken })
                : Json(400, SimJson.Error(400, "Invalid code"));
        });

        app.MapGet("/v2/authentication/token", (HttpContext ctx) =>
        {
            var refresh = ctx.Request.Headers["refreshToken"].ToString();
            return state.RefreshAccessToken(refresh) is { } token
                ? Json(200, new JsonObject { ["token"] = token.Token, ["expiresIn"] = token.ExpiresIn })
                : Json(400, SimJson.Error(400, "Invalid refresh token"));
        });

        app.MapDelete("/v2/authentication/token", (HttpContext ctx) =>
            state.RevokeRefreshToken(ctx.Request.Headers["refreshToken"].ToString())
                ? Json(200, new JsonObject { ["success"] = true })
                : Json(400, SimJson.Error(400, "Invalid refresh token")));

        app.MapGet("/v2/authentication/details", (HttpContext ctx) =>
        {
            var valid = state.ValidateAccessToken(ctx.Request.Headers["token"].ToString());
            return Json(200, new JsonObject
            {
                ["validToken"] = valid is not null,
                ["token"] = new JsonObject
                {
                    ["ownerId"] = valid?.Owner,
                    ["expiresIn"] = valid?.ExpiresIn,
                    ["scopes"] = new JsonArray("all:bookings", "all:bookings-personal", "all:bookings-financial", "all:inventory", "read:properties"),
                    ["linkedProperties"] = false,
                    ["whiteListOnly"] = false,
                    ["whiteList"] = new JsonArray(),
                },
                ["diagnostics"] = new JsonObject { ["requestIp"] = ctx.Connection.RemoteIpAddress?.ToString() },
            });
        });
    }

    internal static IResult Json(int status, JsonNode body) => Results.Text(body.ToJsonString(), "application/json", statusCode: status);
}
