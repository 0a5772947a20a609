using System.Text;
using System.Text.Json;
using DynamoMcp.LocalCluster;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Hosting;
using DynamoMcp.McpBridge.Tests.Fakes;
using k8s;
using k8s.Models;
using ModelContextProtocol.Client;

namespace DynamoMcp.McpBridge.Tests.Integration;

/// <summary>
/// LocalCluster with the CRDs, one namespace per tenant with RBAC for its user only, the API key Secret, the catalog
/// (a file with templates and servers, a ConfigMap with templates only), and a running bridge (stateful, auth on) on a
/// random loopback port.
/// </summary>
public sealed class BridgeFixture : IAsyncLifetime
{
    public const string BridgeNamespace = "dynamo-mcp-system";
    public const string CatalogConfigMap = "dynamo-mcp-catalog";

    /// <summary>Everything a tenant does through the bridge, on every Dynamo MCP kind it uses (like config/rbac/tenant_editor_role.yaml).</summary>
    public const string TenantRole = "dynamo-mcp-tenant";

    /// <summary>The tenant role, except that MCP servers can only be read.</summary>
    public const string ServerViewerRole = "dynamo-mcp-tenant-server-viewer";

    private readonly string _catalogDirectory = Path.Combine(Path.GetTempPath(), "dmcp-bridge-tests-" + Guid.NewGuid().ToString("N"));

    private LocalClusterServer? _cluster;
    private BridgeHost? _bridge;

    public LocalClusterServer Cluster => _cluster ?? throw new InvalidOperationException("Not started.");

    public BridgeHost Bridge => _bridge ?? throw new InvalidOperationException("Not started.");

    public IKubernetes Admin { get; private set; } = null!;

    /// <summary>The catalog file the bridge reads for discover_templates (beside the ConfigMap <see cref="CatalogConfigMap"/>).</summary>
    public string CatalogFile => Path.Combine(_catalogDirectory, "catalog.yaml");

    internal OperatorActions Operator => new(Admin);

    internal WorkflowOperatorActions WorkflowOperator => new(Admin);

    internal AgentOperatorActions AgentOperator => new(Admin);

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _cluster = await LocalClusterServer.StartAsync(new LocalClusterOptions(), null, ct);
        Admin = Cluster.CreateClient();
        await InstallCrdsAsync(ct);
        await Admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = BridgeNamespace } }, cancellationToken: ct);
        string[] all = ["get", "list", "watch", "create", "update", "patch", "delete"];
        await Admin.RbacAuthorizationV1.CreateClusterRoleAsync(
            new V1ClusterRole
            {
                Metadata = new V1ObjectMeta { Name = TenantRole },
                Rules = [new V1PolicyRule { ApiGroups = ["dynamo-mcp.io"], Resources = ["cookiecuttertemplates", "scaffolds", "mcpservers", "workflows", "workflowruns", "agents", "modelconfigs"], Verbs = all }],
            },
            cancellationToken: ct);
        await Admin.RbacAuthorizationV1.CreateClusterRoleAsync(
            new V1ClusterRole
            {
                Metadata = new V1ObjectMeta { Name = ServerViewerRole },
                Rules =
                [
                    new V1PolicyRule { ApiGroups = ["dynamo-mcp.io"], Resources = ["cookiecuttertemplates", "scaffolds", "workflows", "workflowruns"], Verbs = all },
                    new V1PolicyRule { ApiGroups = ["dynamo-mcp.io"], Resources = ["mcpservers"], Verbs = ["get", "list", "watch"] },
                ],
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
                    RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = tenant.Role },
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
            new V1Secret { Metadata = new V1ObjectMeta { Name = "dynamo-mcp-bridge-api-keys", NamespaceProperty = BridgeNamespace }, Data = secretData },
            BridgeNamespace,
            cancellationToken: ct);

        Directory.CreateDirectory(_catalogDirectory);
        await File.WriteAllTextAsync(
            CatalogFile,
            """
            templates:
              - name: fastapi-service
                gitUrl: https://example.com/fastapi-service.git
                gitRef: v2
                description: A FastAPI web service
                tags: [python, web]
              - name: go-cli
                gitUrl: https://example.com/go-cli.git
                description: A Go command-line tool
                tags: [go]
            servers:
              - name: everything
                description: The MCP reference test server
                tags: [reference, testing]
                image: node:22-slim
                command: [npx, -y, "@modelcontextprotocol/server-everything"]
                transport: stdio
                egress: [registry.npmjs.org]
              - name: memory
                description: A knowledge-graph memory
                tags: [memory]
                image: node:22-slim
                command: [npx, -y, "@modelcontextprotocol/server-memory"]
                transport: stdio
                egress: [registry.npmjs.org]
                env:
                  MEMORY_FILE_PATH: /tmp/memory.jsonl
            """,
            ct);
        await Admin.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap
            {
                Metadata = new V1ObjectMeta { Name = CatalogConfigMap, NamespaceProperty = BridgeNamespace },
                Data = new Dictionary<string, string>
                {
                    ["catalog.yaml"] = """
                        templates:
                          - name: rust-lib
                            gitUrl: https://example.com/rust-lib.git
                            directory: templates/lib
                            description: A Rust library crate
                            tags: [rust]
                        """,
                },
            },
            BridgeNamespace,
            cancellationToken: ct);

        _bridge = await StartBridgeAsync(new Dictionary<string, string?>(), ct);
    }

    /// <summary>The limit of the flood tests' own bridges: 40 requests per identity per second.</summary>
    public static readonly IReadOnlyDictionary<string, string?> FloodLimit = new Dictionary<string, string?>
    {
        ["Bridge:RateLimit:TokenLimit"] = "40",
        ["Bridge:RateLimit:TokensPerPeriod"] = "40",
    };

    /// <summary>
    /// A bridge on the fixture's cluster with the fixture's settings and <paramref name="overrides"/> over them; the
    /// fixture's own bridge has none. Returned once ready; the caller disposes it.
    /// </summary>
    public async Task<BridgeHost> StartBridgeAsync(
        IReadOnlyDictionary<string, string?> overrides, CancellationToken ct, Action<Microsoft.Extensions.Logging.ILoggingBuilder>? logging = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Bridge:BridgeNamespace"] = BridgeNamespace,
            // Generous, so no test runs out of another's window; the flood tests start a bridge of their own with FloodLimit.
            ["Bridge:RateLimit:TokenLimit"] = "100000",
            ["Bridge:RateLimit:TokensPerPeriod"] = "100000",
            ["Bridge:RateLimit:ReplenishmentPeriod"] = "00:00:01",
            ["Bridge:WaitDeadline"] = "00:01:30",
            ["Bridge:ToolDeadline"] = "00:02:00",
            ["Bridge:Catalog:File"] = CatalogFile,
            ["Bridge:Catalog:ConfigMapName"] = CatalogConfigMap,
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        var bridge = await BridgeHost.StartAsync("http://127.0.0.1:0", Cluster.ClientConfiguration, settings, logging, ct);
        try
        {
            await WaitUntilReadyAsync(bridge.BaseAddress, ct);
            return bridge;
        }
        catch
        {
            await bridge.DisposeAsync();
            throw;
        }
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

        if (Directory.Exists(_catalogDirectory))
        {
            Directory.Delete(_catalogDirectory, recursive: true);
        }
    }

    public HttpClient CreateHttpClient(string? apiKey, BridgeHost? bridge = null)
    {
        var http = new HttpClient { BaseAddress = (bridge ?? Bridge).BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        }

        return http;
    }

    /// <summary>Scrapes the bridge's /metrics until <paramref name="done"/> holds (the exporter caches a scrape briefly); 60 s at most.</summary>
    public async Task<string> ScrapeMetricsUntilAsync(Func<string, bool> done, CancellationToken ct)
    {
        using var http = CreateHttpClient(null);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var text = "";
        try
        {
            while (true)
            {
                text = await http.GetStringAsync("/metrics", timeout.Token);
                if (done(text))
                {
                    return text;
                }

                await Task.Delay(100, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException("The scrape never showed the expected count. Last scrape:\n" + text);
        }
    }

    public Task<McpClient> ConnectAsync(string apiKey, McpClientOptions? options, CancellationToken ct) =>
        ConnectAsync(Bridge.McpEndpoint, HttpTransportMode.StreamableHttp, apiKey, options, ct);

    public static Task<McpClient> ConnectAsync(Uri endpoint, HttpTransportMode mode, string apiKey, McpClientOptions? options, CancellationToken ct) =>
        McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = endpoint,
                TransportMode = mode,
                AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + apiKey },
            }),
            options,
            cancellationToken: ct);

    private async Task InstallCrdsAsync(CancellationToken ct)
    {
        var dir = Path.Combine(RepositoryRoot.Find(), "config", "crd");
        foreach (var file in new[]
        {
            "dynamo-mcp.io_cookiecuttertemplates.yaml", "dynamo-mcp.io_scaffolds.yaml", "dynamo-mcp.io_mcpservers.yaml",
            "dynamo-mcp.io_workflows.yaml", "dynamo-mcp.io_workflowruns.yaml", "dynamo-mcp.io_agents.yaml", "dynamo-mcp.io_modelconfigs.yaml",
        })
        {
            var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(await File.ReadAllTextAsync(Path.Combine(dir, file), ct));
            await Admin.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: ct);
        }
    }

    /// <summary>Returns once the bridge at <paramref name="baseAddress"/> answers /readyz (its caches synced).</summary>
    internal static async Task WaitUntilReadyAsync(Uri baseAddress, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = baseAddress };
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
