using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;

namespace Beds24Sync.Tests.Secrets;

/// <summary>
/// An in-process Key Vault for SecretClient (LOCAL.md: no emulator exists). It answers an unauthenticated request
/// with the 401 bearer challenge a real vault sends, then serves GET/PUT /secrets/{name} from a dictionary.
/// </summary>
internal sealed class FakeKeyVault : HttpMessageHandler
{
    public static readonly Uri VaultUri = new("https://fake.vault.azure.net/");

    public ConcurrentDictionary<string, string> Secrets { get; } = new(StringComparer.Ordinal);

    /// <summary>Authenticated reads of a secret (what the cache should save).</summary>
    public int AuthenticatedGets;

    public int Challenges;

    /// <summary>When set, every authenticated request gets this status (e.g. 403: the identity lacks the role).</summary>
    public HttpStatusCode? FailWith { get; set; }

    public SecretClient CreateClient() => new(VaultUri, new FakeCredential(), new SecretClientOptions
    {
        Transport = new HttpClientTransport(new HttpClient(this)),
        DisableChallengeResourceVerification = true,
        Retry = { MaxRetries = 0 },
    });

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is null)
        {
            Interlocked.Increment(ref Challenges);
            var challenge = new HttpResponseMessage(HttpStatusCode.Unauthorized);
            challenge.Headers.TryAddWithoutValidation("WWW-Authenticate",
                "Bearer authorization=\"https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000\", resource=\"https://vault.azure.net\"");
            return challenge;
        }

        if (FailWith is { } status)
        {
            return Json(status, """{"error":{"code":"Forbidden","message":"The user does not have secrets get permission."}}""");
        }

        var segments = request.RequestUri!.AbsolutePath.Trim('/').Split('/');
        var name = segments.Length >= 2 && segments[0] == "secrets" ? segments[1] : "";
        if (request.Method == HttpMethod.Get)
        {
            Interlocked.Increment(ref AuthenticatedGets);
            return Secrets.TryGetValue(name, out var value)
                ? Json(HttpStatusCode.OK, Bundle(name, value))
                : Json(HttpStatusCode.NotFound, JsonSerializer.Serialize(new { error = new { code = "SecretNotFound", message = $"A secret with (name/id) {name} was not found in this key vault." } }));
        }

        if (request.Method == HttpMethod.Put)
        {
            using var body = JsonDocument.Parse(await request.Content!.ReadAsStringAsync(cancellationToken));
            var value = body.RootElement.GetProperty("value").GetString()!;
            Secrets[name] = value;
            return Json(HttpStatusCode.OK, Bundle(name, value));
        }

        return new HttpResponseMessage(HttpStatusCode.MethodNotAllowed);
    }

    private static string Bundle(string name, string value) => JsonSerializer.Serialize(new
    {
        value,
        id = $"{VaultUri}secrets/{name}/0123456789abcdef0123456789abcdef",
        attributes = new { enabled = true },
    });

    private static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private sealed class FakeCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new("fake-access-token", DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
