using System.Text.Json;
using DynamoMcp.AgentRuntime.Tests.Fixtures;
using DynamoMcp.LocalCluster.LocalMode;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Step = DynamoMcp.AgentRuntime.Tests.Fixtures.ScriptedModelServer.Step;

namespace DynamoMcp.McpBridge.Tests.LocalMode;

/// <summary>
/// Agents in local mode with its sandbox, driven by a scripted OpenAI-compatible model: a root agent spawns two
/// children through the bridge's spawn_agent, one of which spawns a grandchild (three levels); each calls a template
/// tool and server-memory through the gateway, with its own projected service-account token; results and tokens roll
/// up to the root, and the tree shows in kubectl and list_agents.
/// </summary>
public sealed class AgentTreeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Sample(string kind) => Path.Combine(RepositoryRoot.Find(), "config", "samples", $"dynamo-mcp.io_v1alpha1_{kind}.yaml");

    private static Step Remember(string name, string level) =>
        Step.ToolCall("memory__create_entities", JsonSerializer.Serialize(new { entities = new[] { new { name, entityType = "agent", observations = new[] { level } } } }));

    private static Step Spawn(string script, string[] tools, int maxTokens) =>
        Step.ToolCall("spawn_agent", JsonSerializer.Serialize(new { goal = $"{ScriptedModelServer.Marker(script)} Record yourself in the knowledge graph.", tools, maxTokens, wait = true }));

    /// <remarks>
    /// Agents' Jobs take sandbox slots like any Job pod, and a parent waiting for its child keeps its own: four agents,
    /// three of them waiting at once, need more than this machine's default of two slots (with two, the grandchild
    /// stays Pending until its parent's spawn_agent gives up waiting).
    /// </remarks>
    [Fact]
    public async Task A_root_agent_spawns_children_and_a_grandchild_that_use_real_tools_and_roll_up_their_results()
    {
        await using var model = await ScriptedModelServer.StartAsync(Ct);
        model.Script("root", Spawn("child-a", ["list_templates", "memory__*", "spawn_agent"], 3000), Spawn("child-b", ["list_templates", "memory__*"], 2000),
            Step.Final("""{"children": ["child-a", "child-b"]}""", 100, 20));
        model.Script("child-a", Step.ToolCall("list_templates", "{}"), Remember("child-a", "level 2"), Spawn("grandchild", ["list_templates", "memory__*"], 1000), Step.Final("a done"));
        model.Script("child-b", Step.ToolCall("list_templates", "{}"), Remember("child-b", "level 2"), Step.Final("b done"));
        model.Script("grandchild", Step.ToolCall("list_templates", "{}"), Remember("grandchild", "level 3"), Step.Final("g done"));
        var dataDirectory = Directory.CreateTempSubdirectory("agent-tree-data-").FullName;
        try
        {
            await using var local = await LocalModeHost.StartAsync(new LocalModeOptions { DataDirectory = dataDirectory, McpPort = 0, SandboxSlots = 6 }, NullLoggerFactory.Instance, Ct);
            var kubeconfig = Path.Combine(dataDirectory, "kubeconfig");
            await KubectlOkAsync(kubeconfig, $"""
                apiVersion: dynamo-mcp.io/v1alpha1
                kind: ModelConfig
                metadata:
                  name: scripted
                  namespace: default
                spec:
                  provider: openai
                  baseUrl: {model.BaseUrl}
                  model: scripted-model
                """, "apply", "-f", "-");
            await KubectlOkAsync(kubeconfig, null, "apply", "-f", Sample("mcpserver-memory"));
            await KubectlOkAsync(kubeconfig, null, "wait", "--for=condition=Ready", "mcps/memory", "mc/scripted", "--timeout=300s");
            await KubectlOkAsync(kubeconfig, $"""
                apiVersion: dynamo-mcp.io/v1alpha1
                kind: Agent
                metadata:
                  name: root
                  namespace: default
                spec:
                  goal: "{ScriptedModelServer.Marker("root")} Have two helpers record themselves."
                  modelConfigRef:
                    name: scripted
                  tools: [spawn_agent, list_templates, "memory__*"]
                  maxTokens: 10000
                  maxTurns: 10
                  timeoutSeconds: 300
                """, "apply", "-f", "-");

            var waited = await Kubectl.RunAsync(kubeconfig, null, Ct, "wait", "--for=condition=Ready", "agent/root", "--timeout=300s");
            var described = (await Kubectl.RunAsync(kubeconfig, null, Ct, "get", "agents", "-o", "yaml")).Output;
            waited.ExitCode.Should().Be(0, $"{waited.Output}\n{described}");

            var agents = JsonDocument.Parse(await KubectlOkAsync(kubeconfig, null, "get", "agents", "-o", "json")).RootElement.GetProperty("items").EnumerateArray()
                .ToDictionary(a => a.GetProperty("spec").GetProperty("goal").GetString()!.Split(']')[0].Split(':')[1], a => a);
            agents.Keys.Should().BeEquivalentTo(["root", "child-a", "child-b", "grandchild"], described);
            foreach (var (script, agent) in agents)
            {
                var status = agent.GetProperty("status");
                TestContext.Current.TestOutputHelper?.WriteLine(
                    $"{script}: created {agent.GetProperty("metadata").GetProperty("creationTimestamp")}, started {(status.TryGetProperty("startTime", out var s) ? s : default)}, done {(status.TryGetProperty("completionTime", out var c) ? c : default)}");
            }

            string Name(string script) => agents[script].GetProperty("metadata").GetProperty("name").GetString()!;
            string? Parent(string script) => agents[script].GetProperty("spec").TryGetProperty("parentRef", out var p) ? p.GetProperty("name").GetString() : null;
            int Depth(string script) => agents[script].GetProperty("status").GetProperty("budget").GetProperty("depth").GetInt32();
            long Tokens(string script) => agents[script].GetProperty("status").GetProperty("usage").GetProperty("totalTokens").GetInt64();
            (Parent("root"), Parent("child-a"), Parent("child-b"), Parent("grandchild")).Should().Be((null, "root", "root", Name("child-a")), "the bridge set each parentRef from the caller's token");
            (Depth("root"), Depth("child-a"), Depth("child-b"), Depth("grandchild")).Should().Be((1, 2, 2, 3));
            agents.Values.Select(a => a.GetProperty("status").GetProperty("phase").GetString()).Should().OnlyContain(p => p == "Succeeded", described);
            agents["grandchild"].GetProperty("status").GetProperty("budget").GetProperty("maxTokens").GetInt64().Should().Be(1000);
            agents["root"].GetProperty("status").GetProperty("result").GetProperty("structured").GetProperty("children").GetArrayLength().Should().Be(2);
            agents["root"].GetProperty("status").GetProperty("subtreeTokens").GetInt64().Should().Be(Tokens("root") + Tokens("child-a") + Tokens("child-b") + Tokens("grandchild"));

            var table = await KubectlOkAsync(kubeconfig, null, "get", "agents");
            table.Should().MatchRegex($@"{Name("grandchild")}\s+{Name("child-a")}\s+Succeeded\s+3\s", "kubectl get agents shows the tree: PARENT, PHASE, DEPTH");

            await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions { Endpoint = local.McpEndpoint! }), cancellationToken: Ct);
            var graph = Text(await client.CallToolAsync("memory__read_graph", cancellationToken: Ct));
            graph.Should().Contain("child-a").And.Contain("child-b").And.Contain("grandchild").And.Contain("level 3");
            var tree = await client.CallToolAsync("list_agents", cancellationToken: Ct);
            tree.IsError.Should().NotBe(true, Text(tree));
            tree.StructuredContent!.Value.ToString().Should().Contain(Name("grandchild")).And.Contain(Name("child-b"));

            // Each agent called through the bridge with its own token: the grandchild's requests to the model carried its tools only.
            var offered = model.RequestsOf("grandchild")[0].Body["tools"]!.AsArray().Select(t => t!["function"]!["name"]!.GetValue<string>()).ToList();
            offered.Should().Contain(["list_templates", "memory__create_entities"]).And.NotContain("spawn_agent")
                .And.OnlyContain(t => t == "list_templates" || t.StartsWith("memory__", StringComparison.Ordinal), "an agent is offered only its allowlist");
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static async Task<string> KubectlOkAsync(string kubeconfig, string? stdin, params string[] args)
    {
        var (exitCode, output) = await Kubectl.RunAsync(kubeconfig, stdin, Ct, args);
        exitCode.Should().Be(0, $"kubectl {string.Join(' ', args)}: {output}");
        return output;
    }

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text));
}
