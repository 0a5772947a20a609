using System.Text;
using System.Text.Json;
using DynamoMcp.LocalCluster;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Hosting;
using k8s;
using k8s.Models;
using ModelContextProtocol.Client;

namespace DynamoMcp.McpBridge.Tests.Integration;

/// <summary>
/// LocalCluster with the CRDs, one namespace per tenant with RBAC for its user only, the API key Secret, and a
/// running bridge (stateful, auth on) on a random loopback port.
/// </summary>
public sealed class BridgeFixture : IAsyncLifetime
{
    public const string BridgeNamespace = "dynamo-mcp-system";

    private LocalClusterServer? _cluster;
    private BridgeHost? _bridge;

    public LocalClusterServer Cluster => _cluster ?? throw new InvalidOperationException("Not started.");

    public BridgeHost Bridge => _bridge ?? throw new InvalidOperationException("Not started.");

    public IKubernetes Admin { get; private set; } = null!;

    internal OperatorActions Operator => new(Admin);

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _cluster = await LocalClusterServer.StartAsync(new LocalClusterOptions(), null, ct);
        Admin = Cluster.CreateClient();
        await InstallCrdsAsync(ct);
        await Admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = BridgeNamespace } }, cancellationToken: ct);
        await Admin.RbacAuthorizationV1.CreateClusterRoleAsync(
            new V1ClusterRole
            {
                Metadata = new V1ObjectMeta { Name = "dynamo-mcp-tenant" },
                Rules = [new V1PolicyRule { ApiGroups = ["dynamo-mcp.io"], Resources = ["cookiecuttertemplates", "scaffolds"], Verbs = ["get", "list", "watch", "create", "update", "patch", "delete"] }],
            },
            cancellationToken: ct);
        var secretData = new Dictionary<string, byte[]>();
        foreach (var tenant in Tenants.All)
        {
            await Admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = tenant.Namespace } }, cancellationToken: ct);
            await Admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(
                new V1RoleBinding
                {
                    Metadata = new V1ObjectMeta { Name = "tenant-" + tenant.Name, NamespaceProperty = tenant.Namespace },
                    RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "dynamo-mcp-tenant" },
                    Subjects = [new Rbacv1Subject { Kind = "User", Name = tenant.Name, ApiGroup = "rbac.authorization.k8s.io" }],
                },
                tenant.Namespace,
                cancellationToken: ct);
            secretData[tenant.Name] = JsonSerializer.SerializeToUtf8Bytes(new ApiKeyEntry
            {
                Sha256 = ApiKeyHash.Compute(tenant.ApiKey),
                Namespace = tenant.Namespace,
                User = tenant.Name,
                Groups = ["dynamo-mcp:tenants"],
            });
        }

        await Admin.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret { Metadata = new V1ObjectMeta { Name = "dynamo-mcp-api-keys", NamespaceProperty = BridgeNamespace }, Data = secretData },
            BridgeNamespace,
            cancellationToken: ct);

        _bridge = await BridgeHost.StartAsync(
            "http://127.0.0.1:0",
            Cluster.ClientConfiguration,
            new Dictionary<string, string?>
            {
                ["Bridge:BridgeNamespace"] = BridgeNamespace,
                ["Bridge:RateLimit:TokenLimit"] = "40",
                ["Bridge:RateLimit:TokensPerPeriod"] = "40",
                ["Bridge:RateLimit:ReplenishmentPeriod"] = "00:00:01",
                ["Bridge:WaitDeadline"] = "00:01:30",
                ["Bridge:ToolDeadline"] = "00:02:00",
            },
            cancellationToken: ct);
        await WaitUntilReadyAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_bridge is not null)
        {
            await _bridge.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    public HttpClient CreateHttpClient(string? apiKey)
    {
        var http = new HttpClient { BaseAddress = Bridge.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        }

        return http;
    }

    public Task<McpClient> ConnectAsync(string apiKey, McpClientOptions? options, CancellationToken ct) =>
        McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = Bridge.McpEndpoint,
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + apiKey },
            }),
            options,
            cancellationToken: ct);

    private async Task InstallCrdsAsync(CancellationToken ct)
    {
        var dir = Path.Combine(RepositoryRoot.Find(), "config", "crd");
        foreach (var file in new[] { "dynamo-mcp.io_cookiecuttertemplates.yaml", "dynamo-mcp.io_scaffolds.yaml" })
        {
            var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(await File.ReadAllTextAsync(Path.Combine(dir, file), ct));
            await Admin.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: ct);
        }
    }

    private async Task WaitUntilReadyAsync(CancellationToken ct)
    {
        using var http = CreateHttpClient(null);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            using var response = await http.GetAsync("/readyz", timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    internal static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
