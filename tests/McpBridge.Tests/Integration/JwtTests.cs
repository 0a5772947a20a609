using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using k8s;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ModelContextProtocol.Client;

namespace DynamoMcp.McpBridge.Tests.Integration;

/// <summary>OIDC/JWT bearer tokens beside API keys, validated with a local key (no network).</summary>
[Collection(BridgeCollection.Name)]
public sealed class JwtTests(BridgeFixture fx)
{
    private const string Issuer = "https://issuer.dynamo-mcp.test";
    private const string Audience = "dynamo-mcp-bridge";
    private static readonly byte[] Key = SHA("jwt-tests-signing-key");
    private static readonly byte[] OtherKey = SHA("some-other-key");

    [Fact]
    public async Task A_signed_jwt_maps_to_namespace_user_and_groups_and_api_keys_still_work()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bridge = await StartAsync(ct);
        var token = Token(Key, Audience, new Dictionary<string, object> { ["sub"] = Tenants.Dave.Name, ["dynamo-mcp.io/namespace"] = Tenants.Dave.Namespace, ["groups"] = new[] { "dynamo-mcp:tenants" } });

        await using var client = await BridgeFixture.ConnectAsync(bridge.McpEndpoint, HttpTransportMode.StreamableHttp, token, null, ct);
        var listed = await client.CallToolAsync("list_templates", new Dictionary<string, object?>(), cancellationToken: ct);
        listed.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(listed));
        listed.StructuredContent!.Value.GetProperty("namespace").GetString().Should().Be(Tenants.Dave.Namespace);

        // Writes impersonate the token's user: dave's RoleBinding allows this in team-d.
        var added = await client.CallToolAsync(
            "add_template", new Dictionary<string, object?> { ["name"] = "from-jwt", ["gitUrl"] = "https://example.com/from-jwt.git" }, cancellationToken: ct);
        added.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(added));
        var stored = (JsonElement)await fx.Admin.CustomObjects.GetNamespacedCustomObjectAsync("dynamo-mcp.io", "v1alpha1", Tenants.Dave.Namespace, "cookiecuttertemplates", "from-jwt", cancellationToken: ct);
        stored.GetProperty("spec").GetProperty("source").GetProperty("git").GetProperty("url").GetString().Should().Be("https://example.com/from-jwt.git");

        // A token for a user without rights there is refused by Kubernetes RBAC, not by the bridge's guess.
        var stranger = Token(Key, Audience, new Dictionary<string, object> { ["sub"] = "mallory", ["dynamo-mcp.io/namespace"] = Tenants.Dave.Namespace });
        await using var strangerClient = await BridgeFixture.ConnectAsync(bridge.McpEndpoint, HttpTransportMode.StreamableHttp, stranger, null, ct);
        var denied = await strangerClient.CallToolAsync(
            "add_template", new Dictionary<string, object?> { ["name"] = "by-mallory", ["gitUrl"] = "https://example.com/m.git" }, cancellationToken: ct);
        denied.IsError.Should().BeTrue();
        TemplateLifecycleTests.Text(denied).Should().Contain("Access denied").And.Contain("mallory");

        await using var apiKeyClient = await BridgeFixture.ConnectAsync(bridge.McpEndpoint, HttpTransportMode.StreamableHttp, Tenants.Erin.ApiKey, null, ct);
        (await apiKeyClient.CallToolAsync("list_templates", new Dictionary<string, object?>(), cancellationToken: ct))
            .StructuredContent!.Value.GetProperty("namespace").GetString().Should().Be(Tenants.Erin.Namespace);
    }

    [Fact]
    public async Task Tokens_with_a_wrong_key_or_audience_or_without_a_namespace_get_401()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bridge = await StartAsync(ct);
        var claims = new Dictionary<string, object> { ["sub"] = "dave", ["dynamo-mcp.io/namespace"] = "team-d" };
        var bad = new[]
        {
            Token(OtherKey, Audience, claims),
            Token(Key, "someone-else", claims),
            Token(Key, Audience, new Dictionary<string, object> { ["sub"] = "dave" }),
        };
        using var http = fx.CreateHttpClient(null, bridge);
        foreach (var token in bad)
        {
            using var request = Initialize(token);
            using var response = await http.SendAsync(request, ct);
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        using var good = Initialize(Token(Key, Audience, claims));
        using var ok = await http.SendAsync(good, ct);
        ok.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private Task<Hosting.BridgeHost> StartAsync(CancellationToken ct) => fx.StartBridgeAsync(
        new Dictionary<string, string?>
        {
            ["Bridge:Auth:Jwt:Issuer"] = Issuer,
            ["Bridge:Auth:Jwt:Audience"] = Audience,
            ["Bridge:Auth:Jwt:SymmetricKey"] = Convert.ToBase64String(Key),
        },
        ct);

    private static string Token(byte[] key, string audience, IDictionary<string, object> claims) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Claims = claims,
            Expires = DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        });

    private static HttpRequestMessage Initialize(string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent(
                """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"jwt","version":"1"}}}""",
                Encoding.UTF8,
                "application/json"),
        };
        request.Headers.Add("Accept", "application/json, text/event-stream");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static byte[] SHA(string text) => System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text));
}
