using System.CommandLine;
using System.CommandLine.Parsing;
using DynamoMcp.Operator.Cluster;
using DynamoMcp.Operator.Hosting;
using DynamoMcp.Operator.Sandbox;
using k8s.Models;

namespace DynamoMcp.Operator.Cli;

/// <summary>The operator executable's commands: <c>run</c> the controller manager, <c>generate crds</c> and <c>generate rbac</c>.</summary>
public static class OperatorCommandLine
{
    public const int ExitOk = 0;
    public const int ExitUsage = 2;
    public const int ExitNoCluster = 3;

    private const string McpFrontImage = "--mcp-stdio-front-image";
    private const string McpPlatformNamespace = "--mcp-platform-namespace";
    private const string McpDiscoveryInterval = "--mcp-discovery-interval-seconds";
    private const string SandboxImage = "--sandbox-image";
    private const string SandboxPullPolicy = "--sandbox-image-pull-policy";
    private const string SandboxRuntimeClass = "--sandbox-runtime-class";
    private const string SandboxDeadline = "--sandbox-active-deadline-seconds";
    private const string SandboxQueue = "--sandbox-max-queue-seconds";
    private const string SandboxBackoff = "--sandbox-backoff-limit";
    private const string SandboxTtl = "--sandbox-ttl-seconds-after-finished";
    private const string SandboxRequest = "--sandbox-request";
    private const string SandboxLimit = "--sandbox-limit";
    private const string SandboxMaxSnapshot = "--sandbox-max-snapshot-bytes";
    private const string SandboxSnapshotHistory = "--sandbox-snapshot-history";

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
        AddSandboxOptions(run);
        AddMcpServerOptions(run);
        run.SetAction(async (parse, cancellationToken) =>
        {
            var options = ReadRunOptions(parse);
            using var signals = new ShutdownSignals(cancellationToken);
            try
            {
                var clientConfiguration = ClusterConnection.Resolve(options.Kubeconfig, options.Context);
                return await OperatorHost.RunAsync(options, clientConfiguration, signals.Token).ConfigureAwait(false);
            }
            catch (ClusterConfigurationException e)
            {
                await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return ExitNoCluster;
            }
        });
        return run;
    }

    /// <summary>
    /// The options <c>run</c> acts on, read from a parse of <c>run ...</c> without errors. Public so that what a
    /// deployment passes (the Helm chart's args) can be checked against what the operator would do with it.
    /// </summary>
    public static OperatorRunOptions ReadRunOptions(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (parse.Errors.Count > 0)
        {
            throw new ArgumentException($"The command line has errors: {string.Join("; ", parse.Errors.Select(e => e.Message))}", nameof(parse));
        }

        return new OperatorRunOptions
        {
            Kubeconfig = parse.GetValue<string?>("--kubeconfig"),
            Context = parse.GetValue<string?>("--context"),
            Namespaces = parse.GetValue<string[]>("--namespace") ?? [],
            LeaderElect = parse.GetValue<bool>("--leader-elect"),
            LeaderElectionNamespace = parse.GetValue<string>("--leader-election-namespace")!,
            HttpAddress = parse.GetValue<string>("--http-address")!,
            MaxConcurrentReconciles = parse.GetValue<int>("--max-concurrent-reconciles"),
            Sandbox = ReadSandboxOptions(parse),
            McpServers = ReadMcpServerOptions(parse),
        };
    }

    // Flags rather than configuration: a deployment's args are the operator's whole input, shown by `run --help`,
    // and a typo is a parse error instead of a silently ignored environment variable.
    private static void AddSandboxOptions(Command run)
    {
        var defaults = new SandboxOptions();
        run.Options.Add(new Option<string?>(SandboxImage) { Description = $"Image of the sandbox Jobs that inspect and render templates (images/generator). Default: {defaults.Image}." });
        run.Options.Add(new Option<string?>(SandboxPullPolicy) { Description = $"imagePullPolicy of the sandbox image. Default: {defaults.ImagePullPolicy}." }
            .AcceptOnlyFromAmong("Always", "IfNotPresent", "Never"));
        var runtimeClass = new Option<string?>(SandboxRuntimeClass) { Description = "RuntimeClass of sandbox pods (e.g. gvisor, kata) unless a template sets its own. Default: none (the cluster's default runtime)." };
        runtimeClass.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } name && string.IsNullOrWhiteSpace(name))
            {
                result.AddError($"{SandboxRuntimeClass} must not be empty; leave it out for the cluster's default runtime.");
            }
        });
        run.Options.Add(runtimeClass);
        run.Options.Add(CountOption(SandboxDeadline, 1, $"How long a sandbox pod may run (its activeDeadlineSeconds, counted from its start) unless the template or Scaffold sets a timeout. Default: {defaults.ActiveDeadlineSeconds}."));
        run.Options.Add(CountOption(SandboxQueue, 0, $"How long a sandbox pod may wait to start (unscheduled, pulling its image) before its Job fails; the Job's activeDeadlineSeconds is the timeout plus this. Default: {defaults.MaxQueueSeconds}."));
        run.Options.Add(CountOption(SandboxBackoff, 0, $"Retries of a failed sandbox pod. Default: {defaults.BackoffLimit}."));
        run.Options.Add(CountOption(SandboxTtl, 0, $"Seconds a finished sandbox Job is kept (ttlSecondsAfterFinished). Default: {defaults.TtlSecondsAfterFinished}."));
        run.Options.Add(CountOption(SandboxMaxSnapshot, 1, $"Largest snapshot of a template's files (tar.gz) an inspection stores for renders; a bigger template is Stalled with SnapshotTooLarge. Default: {defaults.MaxSnapshotBytes}."));
        run.Options.Add(CountOption(SandboxSnapshotHistory, 1, $"How many template revisions' snapshots are kept, for Scaffolds that pin an older revision (at most 16). Default: {defaults.SnapshotHistory}."));
        run.Options.Add(ResourceOption(SandboxRequest, "request", defaults.Resources.Requests));
        run.Options.Add(ResourceOption(SandboxLimit, "limit", defaults.Resources.Limits));

        // Only the merged requests and limits show a request above its limit (e.g. --sandbox-limit memory=64Mi alone).
        run.Validators.Add(result =>
        {
            if (result.Children.Any(c => c.Errors.Any()))
            {
                return;
            }

            var resources = MergeResources(
                result.GetValue<string[]>(SandboxRequest), result.GetValue<string[]>(SandboxLimit), defaults.Resources);
            foreach (var (name, limit) in resources.Limits)
            {
                if (resources.Requests.TryGetValue(name, out var request) && request.ToDecimal() > limit.ToDecimal())
                {
                    result.AddError($"The sandbox request {name}={request} is above its limit {name}={limit}; lower {SandboxRequest} {name}=... or raise {SandboxLimit} {name}=....");
                }
            }
        });
    }

    private static Option<int?> CountOption(string name, int minimum, string description)
    {
        var option = new Option<int?>(name) { Description = description };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } value && value < minimum)
            {
                result.AddError($"{name} must be at least {minimum}; got {value}.");
            }
        });
        return option;
    }

    private static Option<string[]> ResourceOption(string name, string what, IDictionary<string, ResourceQuantity> defaults)
    {
        var option = new Option<string[]>(name)
        {
            Description = $"A sandbox container resource {what} as NAME=QUANTITY (cpu=500m, memory=1Gi, ephemeral-storage=2Gi); repeat for several. " +
                $"Replaces the default of that resource only. Defaults: {string.Join(", ", defaults.Select(d => $"{d.Key}={d.Value}"))}.",
            AllowMultipleArgumentsPerToken = false,
        };
        option.Validators.Add(result =>
        {
            foreach (var token in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (ParseResource(token) is { Problem: { } problem })
                {
                    result.AddError($"{name} {token}: {problem}");
                }
            }
        });
        return option;
    }

    private static (string Name, ResourceQuantity? Quantity, string? Problem) ParseResource(string token)
    {
        var equals = token.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == token.Length - 1)
        {
            return (token, null, "expected NAME=QUANTITY, for example memory=512Mi.");
        }

        var name = token[..equals];
        try
        {
            var quantity = new ResourceQuantity(token[(equals + 1)..]);
            return quantity.ToDecimal() < 0 ? (name, null, "a quantity must not be negative.") : (name, quantity, null);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            return (name, null, $"'{token[(equals + 1)..]}' is not a Kubernetes quantity (e.g. 250m, 1, 512Mi, 2Gi).");
        }
    }

    private static void AddMcpServerOptions(Command run)
    {
        var defaults = new McpServers.McpServerOptions();
        run.Options.Add(new Option<string?>(McpFrontImage) { Description = $"Image holding the stdio front (images/stdio-front) that stdio McpServers run behind. Default: {defaults.StdioFrontImage}." });
        run.Options.Add(new Option<string?>(McpPlatformNamespace) { Description = "Namespace of the bridge and operator pods, the only ones an McpServer's NetworkPolicy lets in. Default: any namespace (pods labelled as the chart's bridge or operator)." });
        run.Options.Add(CountOption(McpDiscoveryInterval, 10, $"How often a Ready McpServer's tools are listed again. Default: {defaults.DiscoveryInterval.TotalSeconds:0}."));
    }

    private static McpServers.McpServerOptions ReadMcpServerOptions(ParseResult parse)
    {
        var options = new McpServers.McpServerOptions();
        options.StdioFrontImage = parse.GetValue<string?>(McpFrontImage) ?? options.StdioFrontImage;
        options.PlatformNamespace = parse.GetValue<string?>(McpPlatformNamespace) ?? options.PlatformNamespace;
        options.DiscoveryInterval = parse.GetValue<int?>(McpDiscoveryInterval) is { } seconds ? TimeSpan.FromSeconds(seconds) : options.DiscoveryInterval;
        return options;
    }

    private static SandboxOptions ReadSandboxOptions(ParseResult parse)
    {
        var sandbox = new SandboxOptions();
        sandbox.Image = parse.GetValue<string?>(SandboxImage) ?? sandbox.Image;
        sandbox.ImagePullPolicy = parse.GetValue<string?>(SandboxPullPolicy) ?? sandbox.ImagePullPolicy;
        sandbox.RuntimeClassName = parse.GetValue<string?>(SandboxRuntimeClass) ?? sandbox.RuntimeClassName;
        sandbox.ActiveDeadlineSeconds = parse.GetValue<int?>(SandboxDeadline) ?? sandbox.ActiveDeadlineSeconds;
        sandbox.MaxQueueSeconds = parse.GetValue<int?>(SandboxQueue) ?? sandbox.MaxQueueSeconds;
        sandbox.BackoffLimit = parse.GetValue<int?>(SandboxBackoff) ?? sandbox.BackoffLimit;
        sandbox.TtlSecondsAfterFinished = parse.GetValue<int?>(SandboxTtl) ?? sandbox.TtlSecondsAfterFinished;
        sandbox.MaxSnapshotBytes = parse.GetValue<int?>(SandboxMaxSnapshot) ?? sandbox.MaxSnapshotBytes;
        sandbox.SnapshotHistory = parse.GetValue<int?>(SandboxSnapshotHistory) ?? sandbox.SnapshotHistory;
        sandbox.Resources = MergeResources(parse.GetValue<string[]>(SandboxRequest), parse.GetValue<string[]>(SandboxLimit), sandbox.Resources);
        return sandbox;
    }

    private static V1ResourceRequirements MergeResources(string[]? requests, string[]? limits, V1ResourceRequirements defaults)
    {
        static Dictionary<string, ResourceQuantity> Merge(IDictionary<string, ResourceQuantity>? defaults, string[]? tokens)
        {
            var merged = new Dictionary<string, ResourceQuantity>(defaults ?? new Dictionary<string, ResourceQuantity>(), StringComparer.Ordinal);
            foreach (var token in tokens ?? [])
            {
                var (name, quantity, _) = ParseResource(token);
                if (quantity is not null)
                {
                    merged[name] = quantity;
                }
            }

            return merged;
        }

        return new V1ResourceRequirements { Requests = Merge(defaults.Requests, requests), Limits = Merge(defaults.Limits, limits) };
    }

    private static Command BuildGenerate(TextWriter output, TextWriter error)
    {
        var crds = GenerateCommand(
            "crds", "Write the CustomResourceDefinitions generated from the C# resource types (config/crd and charts/dynamo-mcp/crds).",
            DynamoMcp.Api.Crds.CrdWriter.WriteAsync, output, error);
        var rbac = GenerateCommand(
            "rbac",
            "Write the operator's roles generated from the [EntityRbac] declarations of its controllers and runtime " +
            $"({Rbac.RbacWriter.OperatorRole}, {Rbac.RbacWriter.LeaderElectionRole} and the chart's charts/dynamo-mcp/files/operator-*rules.yaml).",
            Rbac.RbacWriter.WriteAsync, output, error);
        return new Command("generate", "Generate the checked-in files that are derived from the code.") { crds, rbac };
    }

    private static Command GenerateCommand(
        string name, string description, Func<string, CancellationToken, Task<IReadOnlyList<string>>> write, TextWriter output, TextWriter error)
    {
        var outputRoot = new Option<string?>("--output-root")
        {
            Description = "Repository root to write into. Default: the checkout holding Operator.sln above the current directory (else above this executable).",
        };
        var command = new Command(name, description) { outputRoot };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var root = parse.GetValue(outputRoot) is { } given
                ? Path.GetFullPath(given)
                : RepositoryRoot.Find(Directory.GetCurrentDirectory()) ?? RepositoryRoot.Find(AppContext.BaseDirectory);
            if (root is null)
            {
                await error.WriteLineAsync("error: no Operator.sln above the current directory; run from the checkout or pass --output-root <dir>.").ConfigureAwait(false);
                return ExitUsage;
            }

            var written = await write(root, cancellationToken).ConfigureAwait(false);
            foreach (var path in written)
            {
                await output.WriteLineAsync($"wrote {Path.GetRelativePath(root, path)}").ConfigureAwait(false);
            }

            return ExitOk;
        });
        return command;
    }
}
