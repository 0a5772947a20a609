using System.Text.Json;
using DynamoMcp.Api;
using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Generator.Tests.Templates;
using DynamoMcp.LocalCluster;
using DynamoMcp.LocalCluster.Jobs;
using DynamoMcp.Operator.Hosting;
using DynamoMcp.Operator.Sandbox;
using DynamoMcp.Operator.Tests.Chart;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DynamoMcp.Operator.Tests.EndToEnd;

/// <summary>
/// LocalCluster with the job runner mapping the generator image to <c>/usr/bin/python3 images/generator/entrypoint.py</c>
/// in bubblewrap (network only for the fetch and inspect containers), the CRDs, a namespace, local git template
/// repositories bound read-only into the sandbox, and the operator started in-process.
/// </summary>
internal sealed class OperatorTestCluster : IAsyncDisposable
{
    public const string GeneratorImage = "dynamo-mcp.test/generator:dev";

    /// <summary>An image of the npm MCP servers the tests install (tests/mcp-servers, at <see cref="McpServersInside"/>), run by the host's node without network.</summary>
    public const string McpServersImage = "dynamo-mcp.test/mcp-servers:dev";

    public const string McpServersInside = "/srv/mcp-servers";
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private OperatorTestCluster(LocalClusterServer server, Kubernetes client, string ns, string fixtures, string repoRoot)
    {
        (Server, Client, Namespace, FixtureRoot, RepoRoot) = (server, client, ns, fixtures, repoRoot);
    }

    public LocalClusterServer Server { get; }

    public Kubernetes Client { get; }

    public string Namespace { get; }

    /// <summary>Where template repositories live; bound read-only into sandboxes at the same path.</summary>
    public string FixtureRoot { get; }

    public string RepoRoot { get; }

    public OperatorHandle? Operator { get; private set; }

    /// <summary>Why end-to-end tests cannot run here, or null when they can.</summary>
    public static string? MissingPrerequisite() =>
        !File.Exists("/usr/bin/bwrap") ? "bubblewrap (/usr/bin/bwrap) is not installed; apt-get install bubblewrap"
        : !File.Exists("/usr/bin/python3") ? "/usr/bin/python3 is missing"
        : null;

    public static async Task<OperatorTestCluster> StartAsync(CancellationToken cancellationToken, bool startOperator = true, int maxParallelPods = 4)
    {
        var repoRoot = RepositoryRoot.Find();
        // Not under /tmp: sandbox pods mount an emptyDir at /tmp, which would hide a bind below it.
        var fixtures = Path.Combine(AppContext.BaseDirectory, "e2e-fixtures", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(fixtures);
        var generator = Path.Combine(repoRoot, "images", "generator");
        // Server pods that crash are restarted quickly, so that a crash loop shows within seconds.
        var runner = new LocalJobRunnerOptions { MaxParallelPods = maxParallelPods, ContainerRestartBackoff = TimeSpan.FromMilliseconds(500), MaxContainerRestartBackoff = TimeSpan.FromSeconds(4) };
        DynamoMcp.LocalCluster.LocalMode.LocalSandboxImages.AddGenerator(runner, GeneratorImage, generator, fixtures);
        DynamoMcp.LocalCluster.LocalMode.LocalSandboxImages.AddStdioFront(runner, new DynamoMcp.Operator.McpServers.McpServerOptions().StdioFrontImage, Path.Combine(fixtures, "stdio-front"));
        // python:* (workflow container steps) runs the host's python3 without network, as in local mode.
        runner.Images["python"] = new LocalImage { Entrypoint = ["python3"] };
        runner.Images[McpServersImage] = new LocalImage
        {
            Entrypoint = ["node"],
            ReadOnlyBinds = new Dictionary<string, string> { [Path.Combine(repoRoot, "tests", "mcp-servers")] = McpServersInside },
        };
        var server = await LocalClusterServer.StartAsync(new LocalClusterOptions { JobRunner = runner }, NullLoggerFactory.Instance, cancellationToken);
        var client = server.CreateClient();
        await DynamoMcp.LocalCluster.LocalMode.CrdInstaller.InstallAsync(client, cancellationToken);

        var ns = "e2e-" + Guid.NewGuid().ToString("N")[..8];
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, cancellationToken: cancellationToken);
        var cluster = new OperatorTestCluster(server, client, ns, fixtures, repoRoot);
        if (startOperator)
        {
            await cluster.StartOperatorAsync(cancellationToken);
        }

        return cluster;
    }

    public static SandboxOptions Sandbox() => new() { Image = GeneratorImage, ActiveDeadlineSeconds = 120 };

    public async Task StartOperatorAsync(CancellationToken cancellationToken, ILoggerFactory? loggerFactory = null)
    {
        Operator = await OperatorHost.StartAsync(
            new OperatorRunOptions { HttpAddress = "http://127.0.0.1:0", Namespaces = [Namespace], Sandbox = Sandbox() },
            Server.ClientConfiguration,
            loggerFactory ?? LoggerFactory.Create(b => b.AddProvider(new TestOutputLoggerProvider())),
            cancellationToken);
    }

    public async Task StopOperatorAsync()
    {
        if (Operator is not null)
        {
            await Operator.DisposeAsync();
            Operator = null;
        }
    }

    public TemplateRepository CreateRepository() => TemplateRepository.Create(FixtureRoot);

    public static CookiecutterTemplate Template(string name, string url, string? reference = null, string? directory = null, bool hooks = false) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new CookiecutterTemplateSpec
        {
            Source = new TemplateSource { Git = new GitSource { Url = url, Ref = reference, Directory = directory } },
            Hooks = hooks ? new HookPolicy { Enabled = true } : null,
        },
    };

    public static Scaffold Scaffold(string name, string template, IDictionary<string, object?>? variables = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new ScaffoldSpec { TemplateRef = new TemplateReference { Name = template }, Variables = variables },
    };

    public async Task CreateAsync(CookiecutterTemplate template, CancellationToken cancellationToken) =>
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(
            template, WellKnown.Group, WellKnown.Version, Namespace, CookiecutterTemplate.KubePlural, cancellationToken: cancellationToken);

    public async Task CreateAsync(Scaffold scaffold, CancellationToken cancellationToken) =>
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(
            scaffold, WellKnown.Group, WellKnown.Version, Namespace, Api.V1Alpha1.Scaffold.KubePlural, cancellationToken: cancellationToken);

    public async Task CreateAsync(McpServer server, CancellationToken cancellationToken) =>
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(
            server, WellKnown.Group, WellKnown.Version, Namespace, McpServer.KubePlural, cancellationToken: cancellationToken);

    public Task<McpServer?> GetMcpServerAsync(string name, CancellationToken cancellationToken) =>
        GetAsync<McpServer>(McpServer.KubePlural, name, cancellationToken);

    public Task<CookiecutterTemplate?> GetTemplateAsync(string name, CancellationToken cancellationToken) =>
        GetAsync<CookiecutterTemplate>(CookiecutterTemplate.KubePlural, name, cancellationToken);

    public Task<Scaffold?> GetScaffoldAsync(string name, CancellationToken cancellationToken) =>
        GetAsync<Scaffold>(Api.V1Alpha1.Scaffold.KubePlural, name, cancellationToken);

    /// <summary>Polls until the template has a Ready or Stalled condition for its current generation.</summary>
    public Task<CookiecutterTemplate> WaitForTemplateAsync(string name, CancellationToken cancellationToken) =>
        WaitAsync(() => GetTemplateAsync(name, cancellationToken),
            t => t?.Status?.ObservedGeneration == t?.Metadata.Generation
                && (t?.Status?.Conditions.IsTrue(ConditionTypes.Ready) == true || t?.Status?.Conditions.IsTrue(ConditionTypes.Stalled) == true),
            $"template {name} to be Ready or Stalled", cancellationToken);

    /// <summary>Polls until the Scaffold has finished (Succeeded or Failed).</summary>
    public Task<Scaffold> WaitForScaffoldAsync(string name, CancellationToken cancellationToken) =>
        WaitAsync(() => GetScaffoldAsync(name, cancellationToken),
            s => s?.Status?.Phase is ScaffoldPhase.Succeeded or ScaffoldPhase.Failed,
            $"scaffold {name} to finish", cancellationToken);

    public async Task<IReadOnlyList<V1Job>> JobsAsync(CancellationToken cancellationToken) =>
        (await Client.BatchV1.ListNamespacedJobAsync(Namespace, cancellationToken: cancellationToken)).Items.ToList();

    public Task<ProcessResult> KubectlAsync(CancellationToken cancellationToken, params string[] arguments) =>
        ChildProcess.RunAsync("/usr/bin/kubectl", ["--kubeconfig", Server.KubeconfigPath, "-n", Namespace, .. arguments], FixtureRoot, cancellationToken);

    public static async Task<T> WaitAsync<T>(Func<Task<T?>> read, Func<T?, bool> done, string what, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Patience);
        T? last = default;
        try
        {
            while (true)
            {
                last = await read();
                if (done(last))
                {
                    return last!;
                }

                await Task.Delay(200, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Gave up waiting for {what} after {Patience}; last seen: {JsonSerializer.Serialize(last)}");
        }
    }

    /// <summary>Templates, Scaffolds, Jobs, pods and pod logs of the namespace, for failure messages.</summary>
    public async Task<string> DescribeAsync()
    {
        var text = new System.Text.StringBuilder();
        foreach (var plural in (string[])[CookiecutterTemplate.KubePlural, Api.V1Alpha1.Scaffold.KubePlural])
        {
            var list = await Client.CustomObjects.ListNamespacedCustomObjectAsync<JsonElement>(WellKnown.Group, WellKnown.Version, Namespace, plural);
            text.AppendLine($"{plural}: {list.GetProperty("items")}");
        }

        foreach (var job in await JobsAsync(CancellationToken.None))
        {
            text.AppendLine($"job {job.Name()}: {S(job.Status)}");
        }

        foreach (var pod in (await Client.CoreV1.ListNamespacedPodAsync(Namespace)).Items)
        {
            text.AppendLine($"pod {pod.Name()}: {pod.Status?.Phase} {S(pod.Status?.ContainerStatuses)} {S(pod.Status?.InitContainerStatuses)}");
            foreach (var container in (pod.Spec.InitContainers ?? []).Concat(pod.Spec.Containers))
            {
                try
                {
                    using var stream = await Client.CoreV1.ReadNamespacedPodLogAsync(pod.Name(), Namespace, container: container.Name);
                    var log = await new StreamReader(stream).ReadToEndAsync();
                    text.AppendLine($"--- log {pod.Name()}/{container.Name}:{Environment.NewLine}{(log.Length > 4000 ? log[^4000..] : log)}");
                }
                catch (HttpOperationException e)
                {
                    text.AppendLine($"--- log {pod.Name()}/{container.Name}: {e.Response.StatusCode}");
                }
            }
        }

        return text.ToString();
    }

    private static string S(object? value) => value is null ? "null" : KubernetesJson.Serialize(value);

    public async ValueTask DisposeAsync()
    {
        await StopOperatorAsync();
        Client.Dispose();
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(FixtureRoot, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private async Task<T?> GetAsync<T>(string plural, string name, CancellationToken cancellationToken) where T : class
    {
        try
        {
            var element = await Client.CustomObjects.GetNamespacedCustomObjectAsync<JsonElement>(WellKnown.Group, WellKnown.Version, Namespace, plural, name, cancellationToken);
            return KubernetesJson.Deserialize<T>(element.GetRawText());
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
