using System.Text.Json.Nodes;
using Beds24.Api;
using Beds24.Api.Credits;

namespace Beds24Sync.Operations;

/// <summary>The /status document: <see cref="SyncStatus"/> as JSON, with the credit shares the client runs under.</summary>
public static class StatusJson
{
    public static string Render(SyncStatus s, Beds24ClientOptions client)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(client);
        var json = new JsonObject
        {
            ["generatedAt"] = s.GeneratedAt,
            // Who may spend the last credits of a window: availability (calendar) pushes stop at the first, booking
            // pushes at the second, re-reads and pulls at the third.
            ["creditShares"] = new JsonObject
            {
                ["pushesWaitBelow"] = client.ReserveFor(Beds24CallShare.Urgent),
                ["bookingPushesWaitBelow"] = client.ReserveFor(Beds24CallShare.BookingPushes),
                ["readsWaitBelow"] = client.ReserveFor(Beds24CallShare.Background),
            },
            ["accounts"] = new JsonArray([.. s.Accounts.Select(a => (JsonNode)new JsonObject
            {
                ["accountId"] = a.AccountId,
                ["enabled"] = a.Enabled,
                ["properties"] = a.Properties,
                ["lastPullAt"] = a.LastPullAt,
                ["cursorLagSeconds"] = a.CursorLag is { } lag ? Math.Round(lag.TotalSeconds) : null,
                ["creditsLeft"] = a.CreditsLeft,
                ["creditsResetAt"] = a.CreditsResetAt,
            })]),
            ["queueDepths"] = new JsonObject([.. s.QueueDepths.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))]),
            ["openConflicts"] = s.OpenConflicts,
            ["conflictsTotal"] = s.ConflictsTotal,
            ["deadLetters"] = s.DeadLetters,
            ["rolling"] = new JsonObject
            {
                ["windowMinutes"] = s.Rolling.Window.TotalMinutes,
                ["changes"] = s.Rolling.Outcomes,
                ["failures"] = s.Rolling.Failures,
                ["successRate"] = s.Rolling.SuccessRate,
                ["latencyMs"] = new JsonObject { ["p50"] = s.Rolling.LatencyP50Ms, ["p95"] = s.Rolling.LatencyP95Ms, ["p99"] = s.Rolling.LatencyP99Ms },
                ["conflicts"] = s.Rolling.Conflicts,
                ["conflictRate"] = s.Rolling.ConflictRate,
                ["apiErrors"] = s.Rolling.ApiErrors,
                ["apiErrorRate"] = s.Rolling.ApiErrorRate,
                ["beds24UnreachableSeconds"] = s.Rolling.Beds24UnreachableFor is { } down ? Math.Round(down.TotalSeconds) : null,
            },
            ["recentAlerts"] = new JsonArray([.. s.RecentAlerts.Select(a => (JsonNode)new JsonObject
            {
                ["rule"] = a.Rule, ["severity"] = a.Severity, ["message"] = a.Message, ["raisedAt"] = a.RaisedAt, ["accountId"] = a.AccountId,
            })]),
        };
        return json.ToJsonString();
    }
}
