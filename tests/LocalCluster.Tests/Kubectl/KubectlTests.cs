using System.Diagnostics;
using k8s;
using k8s.Models;
using static DynamoMcp.LocalCluster.Tests.Kubectl.KubectlRunner;
using static DynamoMcp.LocalCluster.Tests.TestCluster;

namespace DynamoMcp.LocalCluster.Tests.Kubectl;

/// <summary>The real kubectl against the server, through the kubeconfig it writes.</summary>
public sealed class KubectlTests
{
    private const string WidgetYaml = """
        apiVersion: example.com/v1
        kind: Widget
        metadata:
          name: w1
        spec:
          size: 3
        """;

    private static async Task<LocalClusterServer> StartWithWidgetsAsync()
    {
        Assert.SkipUnless(File.Exists(KubectlPath), "kubectl is not installed at /usr/bin/kubectl");
        var server = await StartAsync();
        await OkAsync(server, "apply -f -", WidgetCrd);
        await OkAsync(server, "apply -f -", WidgetYaml);
        return server;
    }

    [Fact]
    public async Task The_projects_crds_and_samples_apply_and_list_with_their_columns()
    {
        var repo = RepositoryRoot.Find();
        await using var server = await StartAsync();

        (await OkAsync(server, $"apply -f {Path.Combine(repo, "config", "crd")}")).Should().Contain("cookiecuttertemplates.dynamo-mcp.io created");
        var applied = await OkAsync(server, $"apply -f {Path.Combine(repo, "config", "samples")}");
        foreach (var kind in new[] { "cookiecuttertemplate", "scaffold", "mcpserver", "workflow", "workflowrun" })
        {
            applied.Should().Contain($"{kind}.dynamo-mcp.io/", $"the {kind} sample is created");
        }

        var templates = await OkAsync(server, "get cct");
        templates.Should().Contain("REVISION").And.Contain("VARIABLES").And.Contain("pypackage");
        var all = await OkAsync(server, "get dynamo");
        all.Should().Contain("pypackage").And.Contain("everything").And.Contain("analytical-engine").And.Contain("new-python-package");
    }

    [Fact]
    public async Task Apply_get_with_printer_columns_and_yaml()
    {
        await using var server = await StartWithWidgetsAsync();
        var table = await OkAsync(server, "get widgets");
        table.Should().MatchRegex(@"NAME\s+SIZE\s+READY\s+AGE");
        table.Should().MatchRegex(@"w1\s+3\s+");

        await server.CreateClient().CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch("""{"status":{"conditions":[{"type":"Ready","status":"True","reason":"Done","message":"","lastTransitionTime":"2025-01-01T00:00:00Z"}]}}""", V1Patch.PatchType.MergePatch),
            "example.com", "v1", "default", "widgets", "w1", cancellationToken: Ct);
        (await OkAsync(server, "get wd")).Should().MatchRegex(@"w1\s+3\s+True\s+");
        (await OkAsync(server, "get all")).Should().Contain("widget.example.com/w1");

        var yaml = await OkAsync(server, "get widget w1 -o yaml");
        yaml.Should().Contain("kind: Widget").And.Contain("size: 3").And.Contain("resourceVersion:");
    }

    [Fact]
    public async Task Reapply_patch_and_label_change_the_object()
    {
        await using var server = await StartWithWidgetsAsync();
        (await OkAsync(server, "apply -f -", WidgetYaml.Replace("size: 3", "size: 4", StringComparison.Ordinal))).Should().Contain("configured");
        await OkAsync(server, "patch widget w1 --type merge -p '{\"spec\":{\"size\":7}}'");
        await OkAsync(server, "label widget w1 team=blue");
        var w = AsJson(await server.CreateClient().CustomObjects.GetNamespacedCustomObjectAsync("example.com", "v1", "default", "widgets", "w1", cancellationToken: Ct));
        w.GetProperty("spec").GetProperty("size").GetInt32().Should().Be(7);
        w.GetProperty("metadata").GetProperty("labels").GetProperty("team").GetString().Should().Be("blue");
        (await OkAsync(server, "get widgets -l team=blue -o name")).Trim().Should().Be("widget.example.com/w1");
    }

    [Fact]
    public async Task Wait_for_condition_returns_once_the_status_says_ready()
    {
        await using var server = await StartWithWidgetsAsync();
        var waiting = RunAsync(server, "wait --for=condition=Ready widget/w1 --timeout=60s");
        await Task.Delay(500, Ct);
        await server.CreateClient().CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch("""{"status":{"conditions":[{"type":"Ready","status":"True","reason":"Done","message":"","lastTransitionTime":"2025-01-01T00:00:00Z"}]}}""", V1Patch.PatchType.MergePatch),
            "example.com", "v1", "default", "widgets", "w1", cancellationToken: Ct);
        var (exit, output, error) = await waiting;
        exit.Should().Be(0, error);
        output.Should().Contain("condition met");
    }

    [Fact]
    public async Task Get_watch_sees_a_change()
    {
        await using var server = await StartWithWidgetsAsync();
        var psi = new ProcessStartInfo(KubectlPath, $"--kubeconfig {server.KubeconfigPath} get widgets -w --no-headers") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["KUBECACHEDIR"] = Path.Combine(Path.GetDirectoryName(server.KubeconfigPath)!, "kubectl-cache");
        using var process = Process.Start(psi)!;
        try
        {
            var first = await process.StandardOutput.ReadLineAsync(Ct);
            first.Should().MatchRegex(@"^w1\s+3");
            await server.CreateClient().CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch("""{"spec":{"size":9}}""", V1Patch.PatchType.MergePatch),
                "example.com", "v1", "default", "widgets", "w1", cancellationToken: Ct);
            using var guard = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            guard.CancelAfter(TimeSpan.FromSeconds(60));
            var second = await process.StandardOutput.ReadLineAsync(guard.Token);
            second.Should().MatchRegex(@"^w1\s+9");
        }
        finally
        {
            process.Kill();
        }
    }

    [Fact]
    public async Task Delete_waits_for_the_finalizer()
    {
        await using var server = await StartWithWidgetsAsync();
        await OkAsync(server, "patch widget w1 --type merge -p '{\"metadata\":{\"finalizers\":[\"example.com/hold\"]}}'");
        (await OkAsync(server, "delete widget w1 --wait=false")).Should().Contain("deleted");
        (await OkAsync(server, "get widget w1 -o jsonpath={.metadata.deletionTimestamp}")).Should().NotBeEmpty();

        var deleting = RunAsync(server, "wait --for=delete widget/w1 --timeout=60s");
        await OkAsync(server, "patch widget w1 --type json -p '[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]'");
        (await deleting).Exit.Should().Be(0);
        var (exit, _, error) = await RunAsync(server, "get widget w1");
        exit.Should().NotBe(0);
        error.Should().Contain("NotFound");
    }

    [Fact]
    public async Task Logs_show_what_the_pod_log_store_holds()
    {
        Assert.SkipUnless(File.Exists(KubectlPath), "kubectl is not installed at /usr/bin/kubectl");
        await using var server = await StartAsync();
        await OkAsync(server, "apply -f -", """
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
            spec:
              containers:
              - name: main
                image: busybox
            """);
        await server.PodLogs.AppendAsync("default", "p", "main", "hello from the pod\n"u8.ToArray(), Ct);
        (await OkAsync(server, "logs p")).Should().Be("hello from the pod\n");
        (await OkAsync(server, "get pods")).Should().MatchRegex(@"p\s+0/1\s+Pending\s+0\s+");
    }

    [Fact]
    public async Task Explain_describes_custom_resource_fields()
    {
        await using var server = await StartWithWidgetsAsync();
        var output = await OkAsync(server, "explain widgets.spec.size");
        output.Should().Contain("How big.");
    }
}
