using System.Net.Http.Headers;
using System.Text.Json;
using Beds24.Simulator;

namespace Beds24.Api.Tests.Simulator;

/// <summary>Plain HTTP against the simulator (no Beds24.Api client), so the simulator's own behaviour is what is tested.</summary>
internal sealed class RawSimulatorClient(Beds24SimulatorServer server) : IDisposable
{
    private readonly HttpClient _http = new();

    public string? Token { get; set; }

    public async Task<string> LoginAsync(int ownerId)
    {
        using var response = await SendAsync(HttpMethod.Get, "authentication/token", headers: ("refreshToken", server.State.IssueRefreshToken(ownerId)));
        Token = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString();
        return Token!;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null, CancellationToken cancellationToken = default, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, new Uri(server.BaseAddress, path));
        if (Token is not null)
        {
            request.Headers.Add("token", Token);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, new MediaTypeHeaderValue("application/json"));
        }

        return await _http.SendAsync(request, cancellationToken);
    }

    /// <summary>Sends, checks the status and parses the JSON body.</summary>
    public async Task<JsonElement> JsonAsync(HttpMethod method, string path, int expectedStatus = 200, string? json = null)
    {
        using var response = await SendAsync(method, path, json);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"{method} {path} answered {(int)response.StatusCode}, expected {expectedStatus}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public void Dispose() => _http.Dispose();
}
