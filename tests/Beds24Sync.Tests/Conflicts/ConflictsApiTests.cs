using System.Text;
using System.Text.Json;
using Beds24Sync.Conflicts;
using Beds24Sync.Operator;
using Beds24Sync.Storage;
using Microsoft.Extensions.Options;
using static Beds24Sync.Tests.Conflicts.ConflictWorld;

namespace Beds24Sync.Tests.Conflicts;

public sealed class ConflictsApiTests
{
    private const string ProblemJson = "application/problem+json";
    private static readonly OperatorCaller Ops = new("ops", CanResolve: true);
    private static readonly OperatorCaller Viewer = new("viewer", CanResolve: false);

    private static ConflictsApi Api(ConflictWorld world) =>
        new(world.Conflicts, world.Resolution, new OperatorAccess(Options.Create(new OperatorAccessOptions { Authentication = OperatorAuthentication.AppService })));

    private static ConflictRecord Record(int minutesAgo, string reservation, string status = ConflictStatuses.Open, string type = "dates", string property = "HARBOUR") => new()
    {
        ConflictId = ConflictIds.New(Account, reservation, Start.AddMinutes(-minutesAgo)),
        AccountId = Account,
        ReservationId = reservation,
        Beds24BookingId = 9_000_000 + minutesAgo,
        PropertyId = property,
        Origin = ChangeOrigins.Pms,
        Type = type,
        Rule = ConflictRules.Manual,
        Status = status,
        DetectedAt = Start.AddMinutes(-minutesAgo),
        Differences = [new FieldDifference("departure", "2030-05-03", "2030-05-05")],
        PmsSnapshot = """{"reservationId":"x"}""",
    };

    private static async Task<(ConflictsApi Api, ConflictWorld World)> ApiWithAsync(params ConflictRecord[] records)
    {
        var world = new ConflictWorld("manual");
        foreach (var r in records)
        {
            await world.Conflicts.SaveAsync(r, CancellationToken.None);
        }

        return (Api(world), world);
    }

    private static JsonElement Json(Beds24Sync.Operations.ApiResult result) => JsonDocument.Parse(result.Body).RootElement;

    [Fact]
    public async Task List_FiltersAndPages_NewestFirstWithAContinuationToken()
    {
        var (api, _) = await ApiWithAsync(Record(1, "RES-1"), Record(2, "RES-2"), Record(3, "RES-3"), Record(4, "RES-4", status: ConflictStatuses.Resolved), Record(5, "RES-5", property: "OTHER"));

        var first = await api.ListAsync(new ConflictQuery(PropertyId: "HARBOUR", Status: "open", PageSize: 2), Ops, CancellationToken.None);
        var token = Json(first).GetProperty("continuationToken").GetString();
        var second = await api.ListAsync(new ConflictQuery(PropertyId: "HARBOUR", Status: "open", PageSize: 2, ContinuationToken: token), Ops, CancellationToken.None);

        Assert.Equal(200, first.Status);
        Assert.Equal(["RES-1", "RES-2"], Json(first).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("reservationId").GetString()));
        Assert.Equal(3, Json(first).GetProperty("total").GetInt32());
        Assert.Equal(["RES-3"], Json(second).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("reservationId").GetString()));
        Assert.Equal(JsonValueKind.Null, Json(second).GetProperty("continuationToken").ValueKind);
        Assert.False(Json(first).GetProperty("items")[0].TryGetProperty("pmsSnapshot", out _)); // the list stays light
    }

    [Fact]
    public async Task List_PageNumberWithoutAToken_WalksToThatPage()
    {
        var (api, _) = await ApiWithAsync(Record(1, "RES-1"), Record(2, "RES-2"), Record(3, "RES-3"));

        var third = await api.ListAsync(new ConflictQuery(Page: 3, PageSize: 1), Ops, CancellationToken.None);

        Assert.Equal("RES-3", Json(third).GetProperty("items")[0].GetProperty("reservationId").GetString());
    }

    [Fact]
    public async Task List_SearchAndType_NarrowTheList()
    {
        var (api, _) = await ApiWithAsync(Record(1, "RES-100", type: "amount"), Record(2, "RES-200", type: "amount"), Record(3, "RES-101"));

        var result = await api.ListAsync(new ConflictQuery(Search: "res-1", Type: "amount"), Ops, CancellationToken.None);

        Assert.Equal(["RES-100"], Json(result).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("reservationId").GetString()));
    }

    [Theory]
    [InlineData(0, null, null, "pageSize")]
    [InlineData(201, null, null, "pageSize")]
    [InlineData(50, "pending", null, "Unknown status 'pending'")]
    [InlineData(50, null, "colour", "Unknown type 'colour'")]
    public async Task List_BadQuery_Is400WithAProblem(int pageSize, string? status, string? type, string expected)
    {
        var (api, _) = await ApiWithAsync();

        var result = await api.ListAsync(new ConflictQuery(Status: status, Type: type, PageSize: pageSize), Ops, CancellationToken.None);

        Assert.Equal((400, ProblemJson), (result.Status, result.ContentType));
        Assert.Contains(expected, Json(result).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ForgedContinuationToken_Is400()
    {
        var (api, _) = await ApiWithAsync(Record(1, "RES-1"));

        var result = await api.ListAsync(new ConflictQuery(ContinuationToken: "not-a-token"), Ops, CancellationToken.None);

        Assert.Equal(400, result.Status);
    }

    [Fact]
    public async Task Get_KnownAndUnknown_Are200And404()
    {
        var record = Record(1, "RES-1");
        var (api, _) = await ApiWithAsync(record);

        var found = await api.GetAsync(record.ConflictId, Ops, CancellationToken.None, includeSnapshots: true);
        var missing = await api.GetAsync("nope", Ops, CancellationToken.None);

        Assert.Equal(200, found.Status);
        Assert.Equal("RES-1", Json(found).GetProperty("reservationId").GetString());
        Assert.True(Json(found).TryGetProperty("pmsSnapshot", out _));
        Assert.Equal((404, ProblemJson), (missing.Status, missing.ContentType));
    }

    [Fact]
    public async Task Resolve_WithoutAnOperator_Is401AndChangesNothing()
    {
        var record = Record(1, "RES-1");
        var (api, world) = await ApiWithAsync(record);

        var result = await api.ResolveAsync(record.ConflictId, """{"action":"accept-pms","decidedBy":"me"}""", null, CancellationToken.None);

        Assert.Equal((401, ProblemJson), (result.Status, result.ContentType));
        Assert.Equal(ConflictStatuses.Open, world.Single().Status);
    }

    [Theory]
    [InlineData("{not json", "not a decision")]
    [InlineData("""{"action":"accept-both"}""", "Unknown action")]
    [InlineData("""{"action":"merge"}""", "mergeChoices")]
    [InlineData("""{"action":"merge","mergeChoices":{"colour":"pms"}}""", "'colour' cannot be merged")]
    [InlineData("null", "A decision is required")]
    public async Task Resolve_BadBody_Is400WithWhatToSend(string body, string expected)
    {
        var record = Record(1, "RES-1");
        var (api, world) = await ApiWithAsync(record);

        var result = await api.ResolveAsync(record.ConflictId, body, Ops, CancellationToken.None);

        Assert.Equal((400, ProblemJson), (result.Status, result.ContentType));
        Assert.Contains(expected, Json(result).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(world.Queues.Sent);
    }

    [Fact]
    public async Task Resolve_UnknownConflict_Is404()
    {
        var (api, _) = await ApiWithAsync();

        var result = await api.ResolveAsync("nope", """{"action":"accept-pms"}""", Ops, CancellationToken.None);

        Assert.Equal(404, result.Status);
    }

    [Fact]
    public async Task Resolve_Twice_FirstIs200RecordedAsTheOperatorSecondIs409WithNoSecondPush()
    {
        var world = new ConflictWorld("manual");
        var held = await world.PmsChangeMeetsBeds24ChangeAsync();
        var api = Api(world);
        var first = await api.ResolveAsync(held.ConflictId!, """{"action":"accept-pms","decidedBy":"someone-else"}""", new OperatorCaller("ops.anna", true), CancellationToken.None);
        var second = await api.ResolveAsync(held.ConflictId!, """{"action":"accept-beds24"}""", new OperatorCaller("ops.ben", true), CancellationToken.None);

        Assert.Equal(200, first.Status);
        Assert.Equal("ops.anna", Json(first).GetProperty("decidedBy").GetString());
        Assert.Equal((409, ProblemJson), (second.Status, second.ContentType));
        Assert.Single(world.Queues.Sent, s => s.Queue == StorageNames.Queues.PushBookings);
        Assert.Single(world.Queues.Sent);
    }

    [Fact]
    public async Task Stats_CountsByStatusTypeAndWhoDecided()
    {
        var (api, _) = await ApiWithAsync(
            Record(1, "RES-1"),
            Record(2, "RES-2", type: "amount") with { Status = ConflictStatuses.Resolved, Decision = "accept-pms", DecidedBy = "rule:direct-pms-wins" },
            Record(3, "RES-3") with { Status = ConflictStatuses.Resolved, Decision = "merge", DecidedBy = "ops.anna" });

        var stats = Json(await api.StatsAsync(Ops, CancellationToken.None));

        Assert.Equal((3, 1, 1, 1), (stats.GetProperty("total").GetInt32(), stats.GetProperty("waiting").GetInt32(), stats.GetProperty("autoResolved").GetInt32(), stats.GetProperty("operatorResolved").GetInt32()));
        Assert.Equal(2, stats.GetProperty("byType").GetProperty("dates").GetInt32());
        Assert.Equal(1, stats.GetProperty("byStatus").GetProperty("open").GetInt32());
    }
}

public sealed class ConflictsApiAccessTests
{
    private static readonly OperatorCaller Viewer = new("viewer", CanResolve: false);

    private static async Task<(ConflictsApi Api, ConflictWorld World, string Id)> HeldAsync()
    {
        var world = new ConflictWorld("manual");
        var held = await world.PmsChangeMeetsBeds24ChangeAsync();
        var api = new ConflictsApi(world.Conflicts, world.Resolution, new OperatorAccess(Options.Create(new OperatorAccessOptions { Authentication = OperatorAuthentication.AppService })));
        return (api, world, held.ConflictId!);
    }

    [Fact]
    public async Task EveryRoute_NoCaller_Is401WithASignInLink()
    {
        var (api, world, id) = await HeldAsync();

        var answers = new[]
        {
            await api.ListAsync(new ConflictQuery(), null, CancellationToken.None),
            await api.GetAsync(id, null, CancellationToken.None),
            await api.StatsAsync(null, CancellationToken.None),
            await api.ResolveAsync(id, """{"action":"accept-pms"}""", null, CancellationToken.None),
        };

        Assert.All(answers, a => Assert.Equal(401, a.Status));
        Assert.All(answers, a => Assert.Equal(OperatorAccess.SignInPath, JsonDocument.Parse(a.Body).RootElement.GetProperty("signIn").GetString()));
        Assert.Empty(world.Queues.Sent);
    }

    [Fact]
    public async Task Resolve_SignedInWithoutTheResolverRole_Is403AndChangesNothing()
    {
        var (api, world, id) = await HeldAsync();

        var result = await api.ResolveAsync(id, """{"action":"accept-pms"}""", Viewer, CancellationToken.None);

        Assert.Equal(403, result.Status);
        Assert.Contains("Conflicts.Resolve", result.Body, StringComparison.Ordinal);
        Assert.Empty(world.Queues.Sent);
    }

    [Fact]
    public async Task Get_WithoutSnapshots_ShowsTheComparedFieldsButNoGuestSnapshot()
    {
        var (api, _, id) = await HeldAsync();

        var light = JsonDocument.Parse((await api.GetAsync(id, Viewer, CancellationToken.None)).Body).RootElement;
        var denied = await api.GetAsync(id, Viewer, CancellationToken.None, includeSnapshots: true);

        Assert.True(light.TryGetProperty("differences", out _));
        Assert.False(light.TryGetProperty("pmsSnapshot", out _));
        Assert.False(light.TryGetProperty("beds24Snapshot", out _));
        Assert.Equal(403, denied.Status);
    }
}

public sealed class OperatorAccessTests
{
    private static OperatorAccess Access(OperatorAuthentication mode, string? token = null) =>
        new(Options.Create(new OperatorAccessOptions { Authentication = mode, Token = token }));

    private static string Principal(string name, params string[] roles)
    {
        var claims = string.Join(",", new[] { $$"""{"typ":"name","val":"{{name}}"}""" }.Concat(roles.Select(r => $$"""{"typ":"roles","val":"{{r}}"}""")));
        return Convert.ToBase64String(Encoding.UTF8.GetBytes($$"""{"auth_typ":"aad","name_typ":"name","role_typ":"roles","claims":[{{claims}}]}"""));
    }

    private static Func<string, string?> Headers(params (string Name, string Value)[] headers) =>
        name => headers.Where(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    [Fact]
    public void Authenticate_AppServicePrincipalWithTheRole_IsThatOperatorAndMayResolve()
    {
        var caller = Access(OperatorAuthentication.AppService).Authenticate(Headers(
            (OperatorAccess.PrincipalHeader, Principal("anna@contoso.example", "Conflicts.Resolve")), (OperatorAccess.OperatorHeader, "mallory")));

        Assert.Equal(new OperatorCaller("anna@contoso.example", true), caller); // the self-declared header is ignored in Azure
    }

    [Fact]
    public void Authenticate_AppServicePrincipalWithoutTheRole_MayReadButNotResolve()
    {
        var caller = Access(OperatorAuthentication.AppService).Authenticate(Headers((OperatorAccess.PrincipalHeader, Principal("ben@contoso.example", "Other.Role"))));

        Assert.Equal(new OperatorCaller("ben@contoso.example", false), caller);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not base64!")]
    [InlineData("eyJjbGFpbXMiOltdfQ==")] // {"claims":[]}: no name
    public void Authenticate_AppServiceWithoutAUsablePrincipal_IsNobody(string? principal)
    {
        var headers = principal is null ? Headers((OperatorAccess.OperatorHeader, "mallory")) : Headers((OperatorAccess.PrincipalHeader, principal), (OperatorAccess.OperatorHeader, "mallory"));

        Assert.Null(Access(OperatorAuthentication.AppService).Authenticate(headers));
    }

    [Fact]
    public void Authenticate_TokenMode_RightTokenIsTheNamedOperatorWrongTokenIsNobody()
    {
        var access = Access(OperatorAuthentication.Token, "s3cret-token");

        Assert.Equal(new OperatorCaller("ben", true), access.Authenticate(Headers(("Authorization", "Bearer s3cret-token"), (OperatorAccess.OperatorHeader, " ben "))));
        Assert.Equal("local-operator", access.Authenticate(Headers(("Authorization", "Bearer s3cret-token")))!.Name);
        Assert.Null(access.Authenticate(Headers(("Authorization", "Bearer guess"), (OperatorAccess.OperatorHeader, "ben"))));
        Assert.Null(access.Authenticate(Headers((OperatorAccess.PrincipalHeader, Principal("anna", "Conflicts.Resolve"))))); // no platform locally: the header proves nothing
    }

    [Fact]
    public void Authenticate_Disabled_IsAlwaysNobody()
    {
        var access = Access(OperatorAuthentication.Disabled, "t");

        Assert.Null(access.Authenticate(Headers((OperatorAccess.PrincipalHeader, Principal("anna", "Conflicts.Resolve")), ("Authorization", "Bearer t"))));
        Assert.Equal(401, access.Unauthenticated().Status);
    }
}
