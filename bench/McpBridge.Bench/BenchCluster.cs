using System.Text.Json;
using System.Text.Json.Nodes;
using DynamoMcp.LocalCluster;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Hosting;
using k8s;
using k8s.Models;

namespace DynamoMcp.McpBridge.Bench;

/// <summary>
/// LocalCluster in memory with the CRDs, the bridge, and per template count a namespace <c>bench-N</c> holding N Ready
/// templates with an API key bound to it (<see cref="ApiKeyFor"/>).
/// </summary>
public sealed class BenchCluster : IAsyncDisposable
{
    private const string BridgeNamespace = "dynamo-mcp-system";
    private const string Group = "dynamo-mcp.io";
    private const string Version = "v1alpha1";

    private BenchCluster(LocalClusterServer cluster, BridgeHost bridge)
    {
        Cluster = cluster;
        Bridge = bridge;
    }

    public LocalClusterServer Cluster { get; }

    public BridgeHost Bridge { get; }

    public static string NamespaceFor(int templates) => $"bench-{templates}";

    public static string ApiKeyFor(int templates) => $"dmcp_bench_{templates}_2f9c41d7e08a5b36";

    /// <param name="logging">The bridge's logging; none when null (a benchmark measures the bridge, not its console).</param>
    public static async Task<BenchCluster> StartAsync(
        IReadOnlyList<int> templateCounts, bool stateless, bool auth, CancellationToken ct, Action<Microsoft.Extensions.Logging.ILoggingBuilder>? logging = null)
    {
        var cluster = await LocalClusterServer.StartAsync(new LocalClusterOptions(), null, ct).ConfigureAwait(false);
        var admin = cluster.CreateClient();
        // Every kind the bridge watches (templates, scaffolds, MCP servers), so its caches all sync.
        foreach (var file in new[] { "dynamo-mcp.io_cookiecuttertemplates.yaml", "dynamo-mcp.io_scaffolds.yaml", "dynamo-mcp.io_mcpservers.yaml" })
        {
            var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(
                await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "config", "crd", file), ct).ConfigureAwait(false));
            await admin.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: ct).ConfigureAwait(false);
        }

        foreach (var ns in templateCounts.Select(NamespaceFor).Prepend(BridgeNamespace))
        {
            await admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, cancellationToken: ct).ConfigureAwait(false);
        }

        await admin.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = "dynamo-mcp-bridge-api-keys", NamespaceProperty = BridgeNamespace },
                Data = templateCounts.ToDictionary(
                    n => $"bench-{n}",
                    n => JsonSerializer.SerializeToUtf8Bytes(new ApiKeyEntry { Sha256 = ApiKeyHash.Compute(ApiKeyFor(n)), Namespace = NamespaceFor(n) })),
            },
            BridgeNamespace,
            cancellationToken: ct).ConfigureAwait(false);

        foreach (var count in templateCounts)
        {
            for (var i = 0; i < count; i++)
            {
                await CreateReadyTemplateAsync(admin, NamespaceFor(count), $"template-{i:00}", ct).ConfigureAwait(false);
            }
        }

        var bridge = await BridgeHost.StartAsync(
            "http://127.0.0.1:0",
            cluster.ClientConfiguration,
            new Dictionary<string, string?>
            {
                ["Bridge:BridgeNamespace"] = BridgeNamespace,
                ["Bridge:SessionMode"] = stateless ? "Stateless" : "StatefulForInitializeClients",
                ["Bridge:EnableLegacySse"] = stateless ? "false" : "true",
                ["Bridge:Auth:Enabled"] = auth ? "true" : "false",
                ["Bridge:DefaultNamespace"] = NamespaceFor(templateCounts[^1]),

                // One identity drives every client here; the per-identity limit would measure the limiter instead.
                ["Bridge:RateLimit:Enabled"] = "false",
            },
            logging: logging ?? (_ => { }),
            cancellationToken: ct).ConfigureAwait(false);
        await WaitUntilReadyAsync(bridge, ct).ConfigureAwait(false);
        return new BenchCluster(cluster, bridge);
    }

    public async ValueTask DisposeAsync()
    {
        await Bridge.DisposeAsync().ConfigureAwait(false);
        await Cluster.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task CreateReadyTemplateAsync(IKubernetes admin, string ns, string name, CancellationToken ct)
    {
        await admin.CustomObjects.CreateNamespacedCustomObjectAsync(
            new JsonObject
            {
                ["apiVersion"] = $"{Group}/{Version}",
                ["kind"] = "CookiecutterTemplate",
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
                ["spec"] = new JsonObject
                {
                    ["description"] = "Benchmark template " + name,
                    ["tags"] = new JsonArray("bench", "python"),
                    ["source"] = new JsonObject { ["git"] = new JsonObject { ["url"] = $"https://example.com/{name}.git", ["ref"] = "main" } },
                },
            },
            Group, Version, ns, "cookiecuttertemplates", cancellationToken: ct).ConfigureAwait(false);
        var status = new JsonObject
        {
            ["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "Ready", ["status"] = "True", ["reason"] = DynamoMcp.Api.Conditions.ConditionReasons.Succeeded, ["message"] = "Inspected revision 0123456789abcdef0123456789abcdef01234567: 2 variables.",
                ["lastTransitionTime"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            }),
            ["resolvedRevision"] = "0123456789abcdef0123456789abcdef01234567",
            ["variables"] = new JsonArray(
                new JsonObject { ["name"] = "project_name", ["type"] = "string", ["default"] = "demo" },
                new JsonObject { ["name"] = "license", ["type"] = "choice", ["default"] = "MIT", ["choices"] = new JsonArray("MIT", "Apache-2.0") }),
            ["inputSchema"] = new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject
                {
                    ["project_name"] = new JsonObject { ["type"] = "string", ["default"] = "demo" },
                    ["license"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("MIT", "Apache-2.0"), ["default"] = "MIT" },
                },
            },
        };
        await admin.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch(new JsonObject { ["status"] = status }, V1Patch.PatchType.MergePatch),
            Group, Version, ns, "cookiecuttertemplates", name, cancellationToken: ct).ConfigureAwait(false);
    }

    private static async Task WaitUntilReadyAsync(BridgeHost bridge, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = bridge.BaseAddress };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (!(await http.GetAsync(new Uri("/readyz", UriKind.Relative), timeout.Token).ConfigureAwait(false)).IsSuccessStatusCode)
        {
            await Task.Delay(100, timeout.Token).ConfigureAwait(false);
        }
    }

    private static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Operator.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Run the benchmark inside the repository: it reads the CRDs from config/crd.");
    }
}
