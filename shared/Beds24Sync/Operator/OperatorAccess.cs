using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Beds24Sync.Operations;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Operator;

/// <summary>Who is calling the operator API, as <see cref="OperatorAccess"/> established it.</summary>
/// <param name="Name">Recorded as who decided.</param>
/// <param name="CanResolve">Holds the resolver role: may decide and see whole guest snapshots.</param>
public sealed record OperatorCaller(string Name, bool CanResolve)
{
    /// <summary>A caller with direct access to storage (the CLI on the operator's machine): nothing to prove over HTTP.</summary>
    public static OperatorCaller Trusted(string name) => new(name, true);
}

/// <summary>
/// The one place that decides who an HTTP caller of the conflicts API is, for both hosts. In Azure the identity is
/// App Service authentication's validated client principal (<see cref="PrincipalHeader"/>, Base64 JSON claims,
/// set by the platform and stripped from client requests); the self-declared <see cref="OperatorHeader"/> is ignored
/// there. Locally, a bearer token printed at start; the operator header then names who decides.
/// </summary>
public sealed class OperatorAccess(IOptions<OperatorAccessOptions> options)
{
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";
    public const string OperatorHeader = "X-Operator";
    public const int MaxNameLength = Conflicts.ConflictDecisionValidator.MaxDecidedByLength;

    /// <summary>Where App Service authentication signs a browser in (Entra ID), back to the page afterwards.</summary>
    public const string SignInPath = "/.auth/login/aad?post_login_redirect_uri=/api/conflicts";

    private static readonly string[] NameClaims = ["name", "preferred_username", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn"];
    private static readonly string[] RoleClaims = ["roles", "http://schemas.microsoft.com/ws/2008/06/identity/claims/role"];

    public OperatorAuthentication Mode => options.Value.Authentication;

    /// <param name="header">Reads one request header by name (null or empty when absent).</param>
    /// <returns>The caller, or null when the request proves nothing.</returns>
    public OperatorCaller? Authenticate(Func<string, string?> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var o = options.Value;
        return o.Authentication switch
        {
            OperatorAuthentication.AppService => FromPrincipal(header(PrincipalHeader), o.ResolverRole),
            OperatorAuthentication.Token => FromToken(header("Authorization"), o.Token, header(OperatorHeader)),
            _ => null,
        };
    }

    /// <summary>401 for a caller who proved nothing: with a sign-in link in Azure, how to get the token locally.</summary>
    public ApiResult Unauthenticated() => options.Value.Authentication switch
    {
        OperatorAuthentication.AppService => ApiResult.Problem(401, "Sign-in required", "Sign in with your organisation account to use the conflicts API.",
            new Dictionary<string, string> { ["signIn"] = SignInPath }),
        OperatorAuthentication.Token => ApiResult.Problem(401, "Operator token required",
            "Send the operator token printed by `serve` as 'Authorization: Bearer <token>' (the page takes it from the link serve prints)."),
        _ => ApiResult.Problem(401, "Operator sign-in not configured",
            $"The conflicts API is closed: set {OperatorAccessOptions.SectionName}:Authentication (AppService with Entra ID in Azure, see docs/SETUP.md)."),
    };

    public ApiResult Forbidden() => ApiResult.Problem(403, "Forbidden",
        $"Resolving conflicts needs the app role '{options.Value.ResolverRole}'; ask an administrator to assign it to you.");

    private static OperatorCaller? FromPrincipal(string? encoded, string resolverRole)
    {
        if (string.IsNullOrWhiteSpace(encoded) || encoded.Length > 64 * 1024)
        {
            return null;
        }

        try
        {
            using var principal = JsonDocument.Parse(Convert.FromBase64String(encoded.Trim()));
            var root = principal.RootElement;
            var nameType = root.TryGetProperty("name_typ", out var nt) ? nt.GetString() : null;
            var roleType = root.TryGetProperty("role_typ", out var rt) ? rt.GetString() : null;
            var claims = root.TryGetProperty("claims", out var c) && c.ValueKind == JsonValueKind.Array
                ? c.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Object)
                    .Select(x => (Type: x.TryGetProperty("typ", out var t) ? t.GetString() : null, Value: x.TryGetProperty("val", out var v) ? v.GetString() : null))
                    .Where(x => x.Type is not null && x.Value is not null).ToList()
                : [];
            var name = claims.Where(x => x.Type == nameType || NameClaims.Contains(x.Type)).Select(x => Usable(x.Value)).FirstOrDefault(n => n is not null);
            if (name is null)
            {
                return null;
            }

            var roles = claims.Where(x => x.Type == roleType || RoleClaims.Contains(x.Type)).Select(x => x.Value);
            return new OperatorCaller(name, roles.Contains(resolverRole, StringComparer.Ordinal));
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static OperatorCaller? FromToken(string? authorization, string? expected, string? operatorName)
    {
        const string Bearer = "Bearer ";
        if (string.IsNullOrEmpty(expected) || authorization is null || !authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var presented = Encoding.UTF8.GetBytes(authorization[Bearer.Length..].Trim());
        return CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(expected))
            ? new OperatorCaller(Usable(operatorName) ?? "local-operator", true)
            : null;
    }

    private static string? Usable(string? value)
    {
        var name = value?.Trim();
        return string.IsNullOrEmpty(name) || name.Length > MaxNameLength || name.Any(char.IsControl) ? null : name;
    }
}
