using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace DynamoMcp.E2E.Tests.McpServers;

/// <summary>
/// McpServers on a real cluster, where what LocalCluster only imitates is real: the API server enforces Pod Security
/// "restricted" on the servers' namespace, kubelet pulls node:22-slim and runs it, k3s enforces NetworkPolicies (the
/// operator discovers tools through the server's own policy), and <c>kubectl wait</c> reads the conditions. Each test
/// uses its own server, so they do not depend on each other's order.
/// </summary>
public sealed class McpServerK3sTests(McpServerK3sFixture k3s) : IClassFixture<McpServerK3sFixture>
{
    // A cold `npx -y` downloads the server first; the samples allow 300 s of start-up.
    private const string WaitTimeout = "--timeout=480s";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_streamable_http_server_is_ready_with_its_tools_in_a_restricted_namespace()
    {
        Assert.SkipWhen(k3s.SkipReason is not null, k3s.SkipReason ?? "");
        var name = await ApplySampleAsync("config/samples/dynamo-mcp.io_v1alpha1_mcpserver-streamable-http.yaml");

        await k3s.Cluster.KubectlAsync(["wait", "--for=condition=Ready", $"mcps/{name}", "-n", McpServerK3sFixture.Namespace, WaitTimeout], Ct);

        var server = await ReadAsync(name);
        Tools(server).Should().NotBeEmpty("server-everything offers tools");
        await ShouldRunAdmittedPodsWithANetworkPolicyAsync(server);
    }

    [Fact]
    public async Task A_stdio_server_runs_behind_the_front_installed_by_its_init_container()
    {
        Assert.SkipWhen(k3s.SkipReason is not null, k3s.SkipReason ?? "");
        var name = await ApplySampleAsync("config/samples/dynamo-mcp.io_v1alpha1_mcpserver.yaml");

        await k3s.Cluster.KubectlAsync(["wait", "--for=condition=Ready", $"mcps/{name}", "-n", McpServerK3sFixture.Namespace, WaitTimeout], Ct);

        var server = await ReadAsync(name);
        Tools(server).Should().NotBeEmpty().And.NotContain("sampleLLM", "the sample's tool filter denies it");
        var pods = await ShouldRunAdmittedPodsWithANetworkPolicyAsync(server);
        var init = pods[0].Status.InitContainerStatuses.Should().ContainSingle().Subject;
        init.Image.Should().EndWith(McpServerK3sFixture.StdioFrontImage, "the front comes from the image built from images/stdio-front");
        init.State.Terminated.ExitCode.Should().Be(0, "`/stdio-front --install /dynamo-mcp/bin` copied the front");
    }

    [Fact]
    public async Task A_server_whose_command_exits_at_once_is_stalled_with_its_stderr_in_the_message()
    {
        Assert.SkipWhen(k3s.SkipReason is not null, k3s.SkipReason ?? "");
        var server = JsonNode.Parse($$$"""
            {"apiVersion":"dynamo-mcp.io/v1alpha1","kind":"McpServer",
             "metadata":{"name":"exits-at-once","namespace":"{{{McpServerK3sFixture.Namespace}}}"},
             "spec":{"image":"node:22-slim","transport":"streamable-http","port":3001,"path":"/mcp",
                     "command":["sh","-c","echo boom >&2; exit 3"]}}
            """)!;
        await CreateAsync(server);

        await k3s.Cluster.KubectlAsync(["wait", "--for=condition=Stalled", "mcps/exits-at-once", "-n", McpServerK3sFixture.Namespace, WaitTimeout], Ct);

        var ready = Condition(await ReadAsync("exits-at-once"), "Ready");
        ready.GetProperty("status").GetString().Should().Be("False");
        ready.GetProperty("message").GetString().Should().Contain("boom", "the message carries the container's last log lines");
    }

    /// <summary>The server's pods exist (so the API server admitted them under "restricted") and are ready; a NetworkPolicy it owns selects them.</summary>
    private async Task<IList<V1Pod>> ShouldRunAdmittedPodsWithANetworkPolicyAsync(JsonElement server)
    {
        var ns = await k3s.Cluster.Client.CoreV1.ReadNamespaceAsync(McpServerK3sFixture.Namespace, cancellationToken: Ct);
        ns.Metadata.Labels.Should().Contain("pod-security.kubernetes.io/enforce", "restricted");

        var selector = server.GetProperty("status").GetProperty("selector").GetString();
        var pods = await k3s.Cluster.Client.CoreV1.ListNamespacedPodAsync(McpServerK3sFixture.Namespace, labelSelector: selector, cancellationToken: Ct);
        pods.Items.Should().NotBeEmpty("pods of a restricted-violating spec would be refused by the API server and never exist");
        pods.Items.Should().OnlyContain(p => p.Status.Conditions.Any(c => c.Type == "Ready" && c.Status == "True"));

        var uid = server.GetProperty("metadata").GetProperty("uid").GetString();
        var policies = await k3s.Cluster.Client.NetworkingV1.ListNamespacedNetworkPolicyAsync(McpServerK3sFixture.Namespace, cancellationToken: Ct);
        var policy = policies.Items.Should().ContainSingle(p => p.Metadata.OwnerReferences != null && p.Metadata.OwnerReferences.Any(o => o.Uid == uid)).Subject;
        policy.Spec.PolicyTypes.Should().BeEquivalentTo("Ingress", "Egress");
        policy.Spec.PodSelector.MatchLabels.Should().NotBeEmpty().And.Subject.Should().BeSubsetOf(pods.Items[0].Metadata.Labels);
        return pods.Items;
    }

    /// <summary>Creates a sample in the restricted namespace (samples name <c>default</c>); returns its name.</summary>
    private async Task<string> ApplySampleAsync(string relativePath)
    {
        var stream = new YamlDotNet.RepresentationModel.YamlStream();
        stream.Load(new StringReader(await File.ReadAllTextAsync(Path.Combine(RepositoryFiles.Root, relativePath), Ct)));
        var sample = YamlJson.ToJson(stream.Documents.Single().RootNode)!.AsObject();
        sample["metadata"]!["namespace"] = McpServerK3sFixture.Namespace;
        await CreateAsync(sample);
        return sample["metadata"]!["name"]!.GetValue<string>();
    }

    private Task CreateAsync(JsonNode server) =>
        k3s.Cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync<JsonElement>(
            server, "dynamo-mcp.io", "v1alpha1", McpServerK3sFixture.Namespace, "mcpservers", cancellationToken: Ct);

    private Task<JsonElement> ReadAsync(string name) =>
        k3s.Cluster.Client.CustomObjects.GetNamespacedCustomObjectAsync<JsonElement>(
            "dynamo-mcp.io", "v1alpha1", McpServerK3sFixture.Namespace, "mcpservers", name, cancellationToken: Ct);

    private static List<string?> Tools(JsonElement server) =>
        server.GetProperty("status").TryGetProperty("tools", out var tools)
            ? [.. tools.EnumerateArray().Select(t => t.GetProperty("name").GetString())]
            : [];

    private static JsonElement Condition(JsonElement server, string type) =>
        server.GetProperty("status").GetProperty("conditions").EnumerateArray().Single(c => c.GetProperty("type").GetString() == type);
}
