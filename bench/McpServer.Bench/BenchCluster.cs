using System.Text.Json;
using DynamoMcp.Api;
using DynamoMcp.LocalCluster;
using DynamoMcp.LocalCluster.Jobs;
using DynamoMcp.Operator.Hosting;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.McpServer.Bench;

using McpServerResource = DynamoMcp.Api.V1Alpha1.McpServer;

/// <summary>
/// LocalCluster with <see cref="Image"/> mapped to the host's node running server-everything (tests/mcp-servers bound
/// read-only, no network), the CRDs, a namespace and the operator (its McpServer controller) in-process.
/// </summary>
internal sealed class BenchCluster : IAsyncDisposable
{
    public const string Image = "bench.local/server-everything";
    public const string Namespace = "bench";

    private BenchCluster(LocalClusterServer server, Kubernetes client, OperatorHandle handle) =>
        (Server, Client, Operator) = (server, client, handle);

    public LocalClusterServer Server { get; }

    public Kubernetes Client { get; }

    public OperatorHandle Operator { get; }

    public static async Task<BenchCluster> StartAsync(string repoRoot, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var folder = ServerEverything.Folder(repoRoot);
        var runner = new LocalJobRunnerOptions();
        runner.Images[LocalImageCatalog.Normalize(Image)] = new LocalImage
        {
            Entrypoint = [ServerEverything.Node, ServerEverything.EntryScript(repoRoot)],
            ReadOnlyBinds = new Dictionary<string, string> { [folder] = folder },
        };
        var server = await LocalClusterServer.StartAsync(new LocalClusterOptions { JobRunner = runner }, loggerFactory, cancellationToken);
        var client = server.CreateClient();
        await DynamoMcp.LocalCluster.LocalMode.CrdInstaller.InstallAsync(client, cancellationToken);
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace } }, cancellationToken: cancellationToken);
        var handle = await OperatorHost.StartAsync(
            new OperatorRunOptions { HttpAddress = "http://127.0.0.1:0", Namespaces = [Namespace] },
            server.ClientConfiguration,
            loggerFactory,
            cancellationToken);
        return new BenchCluster(server, client, handle);
    }

    public Task CreateAsync(McpServerResource server, CancellationToken cancellationToken) =>
        Client.CustomObjects.CreateNamespacedCustomObjectAsync(server, WellKnown.Group, WellKnown.Version, Namespace, McpServerResource.KubePlural, cancellationToken: cancellationToken);

    public async Task<McpServerResource?> GetAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var element = await Client.CustomObjects.GetNamespacedCustomObjectAsync<JsonElement>(
                WellKnown.Group, WellKnown.Version, Namespace, McpServerResource.KubePlural, name, cancellationToken);
            return KubernetesJson.Deserialize<McpServerResource>(element.GetRawText());
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await Client.CustomObjects.DeleteNamespacedCustomObjectAsync(
                WellKnown.Group, WellKnown.Version, Namespace, McpServerResource.KubePlural, name, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Operator.DisposeAsync();
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
