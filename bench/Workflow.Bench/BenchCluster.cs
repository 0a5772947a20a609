using DynamoMcp.LocalCluster;
using DynamoMcp.LocalCluster.Jobs;
using DynamoMcp.Operator.Hosting;
using DynamoMcp.Operator.Sandbox;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace DynamoMcp.Workflow.Bench;

/// <summary>
/// LocalCluster (unmapped images run their command on the host, in bubblewrap when it is installed), the CRDs, two
/// namespaces and the operator: it watches only <see cref="WorkflowNamespace"/>; the floor's Jobs go to
/// <see cref="FloorNamespace"/>, which it never sees.
/// </summary>
internal sealed class BenchCluster : IAsyncDisposable
{
    public const string WorkflowNamespace = "wf";
    public const string FloorNamespace = "floor";

    private BenchCluster(LocalClusterServer server, Kubernetes client, OperatorHandle handle, LocalJobRunnerOptions runner, OperatorRunOptions options) =>
        (Server, Client, Operator, Runner, Options) = (server, client, handle, runner, options);

    public LocalClusterServer Server { get; }

    public Kubernetes Client { get; }

    public OperatorHandle Operator { get; }

    public LocalJobRunnerOptions Runner { get; }

    public OperatorRunOptions Options { get; }

    /// <summary>The sandbox settings the operator builds step Jobs with; the floor builds its Jobs with the same.</summary>
    public SandboxOptions Sandbox => Options.Sandbox;

    public static async Task<BenchCluster> StartAsync(int parallelPods)
    {
        var runner = new LocalJobRunnerOptions { MaxParallelPods = parallelPods };
        runner.UseSandbox = File.Exists(runner.BubblewrapPath);
        var server = await LocalClusterServer.StartAsync(new LocalClusterOptions { JobRunner = runner }, NullLoggerFactory.Instance);
        var client = server.CreateClient();
        await DynamoMcp.LocalCluster.LocalMode.CrdInstaller.InstallAsync(client, CancellationToken.None);
        foreach (var ns in (string[])[WorkflowNamespace, FloorNamespace])
        {
            await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        }

        var options = new OperatorRunOptions
        {
            HttpAddress = "http://127.0.0.1:0",
            Namespaces = [WorkflowNamespace],
            Sandbox = new SandboxOptions(),
        };
        var handle = await OperatorHost.StartAsync(options, server.ClientConfiguration, NullLoggerFactory.Instance, CancellationToken.None);
        return new BenchCluster(server, client, handle, runner, options);
    }

    public async ValueTask DisposeAsync()
    {
        await Operator.DisposeAsync();
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
