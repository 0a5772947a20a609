using System.CommandLine;
using DynamoMcp.Operator.Cluster;
using DynamoMcp.Operator.Hosting;

namespace DynamoMcp.Operator.Cli;

/// <summary>The operator executable's commands: <c>run</c> the controller manager, <c>generate crds</c>.</summary>
public static class OperatorCommandLine
{
    public const int ExitOk = 0;
    public const int ExitUsage = 2;
    public const int ExitNoCluster = 3;

    public static RootCommand Build(TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        var root = new RootCommand(
            "Dynamo MCP operator: reconciles CookiecutterTemplate, Scaffold, McpServer, Workflow and WorkflowRun " +
            "resources (group dynamo-mcp.io) into sandboxed Jobs and Deployments.");
        root.Subcommands.Add(BuildRun(error));
        root.Subcommands.Add(BuildGenerate(output, error));
        return root;
    }

    private static Command BuildRun(TextWriter error)
    {
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Path to a kubeconfig file. Default: KUBECONFIG, then ~/.kube/config, then the in-cluster service account." };
        var context = new Option<string?>("--context") { Description = "The kubeconfig context to use. Default: the current context." };
        var namespaces = new Option<string[]>("--namespace", "-n")
        {
            Description = "A namespace to watch; repeat for several. Default: all namespaces.",
            AllowMultipleArgumentsPerToken = true,
        };
        var leaderElect = new Option<bool>("--leader-elect") { Description = "Hold a Lease so that only one replica reconciles at a time (use with replicas > 1)." };
        var leaderNamespace = new Option<string>("--leader-election-namespace")
        {
            Description = "Namespace of the leader-election Lease. Default: POD_NAMESPACE, else dynamo-mcp-system.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("POD_NAMESPACE") is { Length: > 0 } ns ? ns : "dynamo-mcp-system",
        };
        var httpAddress = new Option<string>("--http-address") { Description = "Address serving /healthz, /readyz and /metrics.", DefaultValueFactory = _ => "http://0.0.0.0:8080" };
        var concurrency = new Option<int>("--max-concurrent-reconciles") { Description = "Reconcile workers per controller.", DefaultValueFactory = _ => 4 };
        concurrency.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 256)
            {
                result.AddError("--max-concurrent-reconciles must be between 1 and 256.");
            }
        });

        var run = new Command("run", "Run the controller manager against a Kubernetes cluster.")
        {
            kubeconfig, context, namespaces, leaderElect, leaderNamespace, httpAddress, concurrency,
        };
        run.SetAction(async (parse, cancellationToken) =>
        {
            var options = new OperatorRunOptions
            {
                Kubeconfig = parse.GetValue(kubeconfig),
                Context = parse.GetValue(context),
                Namespaces = parse.GetValue(namespaces) ?? [],
                LeaderElect = parse.GetValue(leaderElect),
                LeaderElectionNamespace = parse.GetValue(leaderNamespace)!,
                HttpAddress = parse.GetValue(httpAddress)!,
                MaxConcurrentReconciles = parse.GetValue(concurrency),
            };
            try
            {
                var clientConfiguration = ClusterConnection.Resolve(options.Kubeconfig, options.Context);
                return await OperatorHost.RunAsync(options, clientConfiguration, cancellationToken).ConfigureAwait(false);
            }
            catch (ClusterConfigurationException e)
            {
                await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return ExitNoCluster;
            }
        });
        return run;
    }

    private static Command BuildGenerate(TextWriter output, TextWriter error)
    {
        var outputRoot = new Option<string?>("--output-root")
        {
            Description = "Repository root to write into (config/crd and charts/dynamo-mcp/crds). Default: the checkout holding Operator.sln above the current directory.",
        };
        var crds = new Command("crds", "Write the CustomResourceDefinitions generated from the C# resource types.") { outputRoot };
        crds.SetAction(async (parse, cancellationToken) =>
        {
            var root = parse.GetValue(outputRoot) ?? RepositoryRoot.Find(Directory.GetCurrentDirectory());
            if (root is null)
            {
                await error.WriteLineAsync("error: no Operator.sln above the current directory; run from the checkout or pass --output-root <dir>.").ConfigureAwait(false);
                return ExitUsage;
            }

            var written = await DynamoMcp.Api.Crds.CrdWriter.WriteAsync(root, cancellationToken).ConfigureAwait(false);
            foreach (var path in written)
            {
                await output.WriteLineAsync($"wrote {Path.GetRelativePath(root, path)}").ConfigureAwait(false);
            }

            return ExitOk;
        });
        return new Command("generate", "Generate files from the resource types.") { crds };
    }
}
