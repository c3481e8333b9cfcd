using System.ComponentModel.DataAnnotations;

namespace Beds24Sync.Operator;

/// <summary>Section <c>Operator</c>: who may read and decide conflicts through the HTTP API and page.</summary>
public sealed class OperatorAccessOptions
{
    public const string SectionName = "Operator";

    /// <summary>
    /// AppService (Azure): App Service authentication with Entra ID signs operators in; the platform sets
    /// <c>X-MS-CLIENT-PRINCIPAL</c> and strips it from client requests (infra sets this together with authsettingsV2).
    /// Token (local host): a bearer token printed at start. Disabled: the API refuses everyone (the safe default when
    /// sign-in is not configured).
    /// </summary>
    public OperatorAuthentication Authentication { get; set; } = OperatorAuthentication.Disabled;

    /// <summary>The app role (Entra app registration) needed to resolve conflicts and to see whole guest snapshots.</summary>
    [Required]
    [RegularExpression(@"^[A-Za-z0-9._-]{1,100}$")]
    public string ResolverRole { get; set; } = "Conflicts.Resolve";

    /// <summary>Token mode: the bearer token (the local host makes a random one at start when empty).</summary>
    public string? Token { get; set; }
}

public enum OperatorAuthentication
{
    Disabled,
    AppService,
    Token,
}
