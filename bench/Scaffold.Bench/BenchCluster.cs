using System.Text.Json;
using DynamoMcp.Api;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.LocalCluster;
using DynamoMcp.LocalCluster.Jobs;
using DynamoMcp.Operator.Hosting;
using DynamoMcp.Operator.Sandbox;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace DynamoMcp.Scaffold.Bench;

/// <summary>LocalCluster in local mode (generator image → host python in bubblewrap), the CRDs, a namespace and the operator.</summary>
internal sealed class BenchCluster : IAsyncDisposable
{
    public const string Image = "dynamo-mcp.bench/generator:dev";

    private BenchCluster(LocalClusterServer server, Kubernetes client, OperatorHandle handle, string ns) =>
        (Server, Client, Operator, Namespace) = (server, client, handle, ns);

    public LocalClusterServer Server { get; }

    public Kubernetes Client { get; }

    public OperatorHandle Operator { get; }

    public string Namespace { get; }

    public static async Task<BenchCluster> StartAsync(string repoRoot, string fixtures, int parallelPods)
    {
        var generator = Path.Combine(repoRoot, "images", "generator");
        var runner = new LocalJobRunnerOptions { MaxParallelPods = parallelPods };
        DynamoMcp.LocalCluster.LocalMode.LocalSandboxImages.AddGenerator(runner, Image, generator, fixtures);
        var server = await LocalClusterServer.StartAsync(new LocalClusterOptions { JobRunner = runner }, NullLoggerFactory.Instance);
        var client = server.CreateClient();
        await DynamoMcp.LocalCluster.LocalMode.CrdInstaller.InstallAsync(client, CancellationToken.None);

        const string ns = "bench";
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        var handle = await OperatorHost.StartAsync(
            new OperatorRunOptions
            {
                HttpAddress = "http://127.0.0.1:0",
                Namespaces = [ns],
                MaxConcurrentReconciles = 8,
                Sandbox = new SandboxOptions { Image = Image },
            },
            server.ClientConfiguration,
            NullLoggerFactory.Instance,
            CancellationToken.None);
        return new BenchCluster(server, client, handle, ns);
    }

    public Task CreateAsync(object resource, string plural) =>
        Client.CustomObjects.CreateNamespacedCustomObjectAsync(resource, WellKnown.Group, WellKnown.Version, Namespace, plural);

    public async Task<T?> GetAsync<T>(string plural, string name) where T : class
    {
        try
        {
            var element = await Client.CustomObjects.GetNamespacedCustomObjectAsync<JsonElement>(WellKnown.Group, WellKnown.Version, Namespace, plural, name);
            return KubernetesJson.Deserialize<T>(element.GetRawText());
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Polls every 20 ms (the same cost for every measured Scaffold) until the Scaffold finished; returns its phase.</summary>
    public async Task<Api.V1Alpha1.Scaffold> WaitFinishedAsync(string name, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < deadline)
        {
            var scaffold = await GetAsync<Api.V1Alpha1.Scaffold>(Api.V1Alpha1.Scaffold.KubePlural, name);
            if (scaffold?.Status?.Phase is ScaffoldPhase.Succeeded or ScaffoldPhase.Failed)
            {
                return scaffold;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"Scaffold {name} did not finish within {patience}.");
    }

    public async ValueTask DisposeAsync()
    {
        await Operator.DisposeAsync();
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
