using System.Text.Json;
using DynamoMcp.AgentRuntime.Tests.Fixtures;
using DynamoMcp.LocalCluster.LocalMode;
using Microsoft.Extensions.Logging.Abstractions;
using Step = DynamoMcp.AgentRuntime.Tests.Fixtures.ScriptedModelServer.Step;

namespace DynamoMcp.McpBridge.Tests.LocalMode;

/// <summary>
/// Agents' limits in local mode, with a scripted model: a spawn past the parent's remaining tokens ends the parent
/// BudgetExceeded and no child runs; an agent past maxTurns ends Failed (MaxTurnsExceeded), one past timeoutSeconds
/// Failed (DeadlineExceeded) with its model call dropped; terminating a root stops its child
/// while the child waits on its model: both end Terminated, the child's process is gone (its hanging model request is
/// dropped) and no pod is left.
/// </summary>
public sealed class AgentLimitsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Agent(string name, string script, string tools, int maxTokens, int maxTurns, int timeoutSeconds = 120) => $"""
        apiVersion: dynamo-mcp.io/v1alpha1
        kind: Agent
        metadata:
          name: {name}
          namespace: default
        spec:
          goal: "{ScriptedModelServer.Marker(script)} Do it."
          modelConfigRef:
            name: scripted
          tools: [{tools}]
          maxTokens: {maxTokens}
          maxTurns: {maxTurns}
          timeoutSeconds: {timeoutSeconds}
        """;

    [Fact]
    public async Task Budgets_and_turns_are_enforced_and_terminating_a_root_stops_its_subtree_at_once()
    {
        await using var model = await ScriptedModelServer.StartAsync(Ct);
        static string Spawn(string script) =>
            JsonSerializer.Serialize(new { goal = $"{ScriptedModelServer.Marker(script)} Wait.", tools = new[] { "list_templates" }, maxTokens = 100, wait = true });
        // 15 + 5 tokens of its 20 in the turn that spawns: nothing left to give a child, nor for a second turn.
        model.Script("frugal", Step.ToolCall("spawn_agent", Spawn("frugal-child"), 15, 5), Step.Final("never reached"));
        model.Script("chatty", Step.ToolCall("list_templates", "{}"), Step.Final("never reached"));
        var hang = new ScriptedModelServer.HangingRequest();
        model.Script("parent", Step.ToolCall("spawn_agent", Spawn("waiting-child")));
        model.Script("waiting-child", Step.Hanging(hang));
        var slow = new ScriptedModelServer.HangingRequest();
        model.Script("slow", Step.Hanging(slow));
        var dataDirectory = Directory.CreateTempSubdirectory("agent-limits-data-").FullName;
        try
        {
            await using var local = await LocalModeHost.StartAsync(
                new LocalModeOptions { DataDirectory = dataDirectory, McpPort = 0, SandboxSlots = 6 }, NullLoggerFactory.Instance, Ct);
            var kubeconfig = Path.Combine(dataDirectory, "kubeconfig");
            await KubectlOkAsync(kubeconfig, $"""
                apiVersion: dynamo-mcp.io/v1alpha1
                kind: ModelConfig
                metadata:
                  name: scripted
                  namespace: default
                spec:
                  baseUrl: {model.BaseUrl}
                  model: scripted-model
                """, "apply", "-f", "-");
            await KubectlOkAsync(kubeconfig, null, "wait", "--for=condition=Ready", "mc/scripted", "--timeout=60s");
            await KubectlOkAsync(kubeconfig, Agent("frugal", "frugal", "spawn_agent", 20, 5) + "\n---\n" + Agent("chatty", "chatty", "list_templates", 10000, 1)
                + "\n---\n" + Agent("parent", "parent", "spawn_agent, list_templates", 10000, 5)
                + "\n---\n" + Agent("slow", "slow", "list_templates", 10000, 5, timeoutSeconds: 3), "apply", "-f", "-");

            await KubectlOkAsync(kubeconfig, null, "wait", "--for=condition=Stalled", "agent/frugal", "--timeout=120s");
            (await KubectlOkAsync(kubeconfig, null, "get", "agent", "frugal", "-o", "jsonpath={.status.phase} {.status.conditions[?(@.type==\"Ready\")].reason}"))
                .Should().Be("Failed BudgetExceeded");
            // The bridge refuses the spawn when it already sees nothing left, else the parent's controller reserves 0
            // tokens and the child is refused: either way no child process ever calls the model.
            var children = await KubectlOkAsync(kubeconfig, null, "get", "agents", "-o", "jsonpath={range .items[?(@.spec.parentRef.name==\"frugal\")]}{.status.phase} {.status.conditions[?(@.type==\"Ready\")].reason};{end}");
            children.Split(';', StringSplitOptions.RemoveEmptyEntries).Should().OnlyContain(c => c == "Failed BudgetExceeded");
            model.RequestsOf("frugal-child").Should().BeEmpty();

            await KubectlOkAsync(kubeconfig, null, "wait", "--for=condition=Stalled", "agent/chatty", "--timeout=120s");
            (await KubectlOkAsync(kubeconfig, null, "get", "agent", "chatty", "-o", "jsonpath={.status.phase} {.status.conditions[?(@.type==\"Ready\")].reason}"))
                .Should().Be("Failed MaxTurnsExceeded");

            // Past timeoutSeconds while its model has not answered: the runtime gives up the call at the deadline.
            await KubectlOkAsync(kubeconfig, null, "wait", "--for=condition=Stalled", "agent/slow", "--timeout=120s");
            (await KubectlOkAsync(kubeconfig, null, "get", "agent", "slow", "-o", "jsonpath={.status.phase} {.status.conditions[?(@.type==\"Ready\")].reason}"))
                .Should().Be("Failed DeadlineExceeded");
            if (slow.Arrived.Task.IsCompleted)
            {
                // (On a slow machine the deadline can pass before the first call: then there is no call to drop.)
                await slow.Aborted.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
            }

            await hang.Arrived.Task.WaitAsync(TimeSpan.FromSeconds(120), Ct);
            var child = (await KubectlOkAsync(kubeconfig, null, "get", "agents", "-o", "jsonpath={.items[?(@.spec.parentRef.name==\"parent\")].metadata.name}")).Trim();
            child.Should().NotBeEmpty();
            await KubectlOkAsync(kubeconfig, null, "patch", "agent", "parent", "--type", "merge", "-p", """{"spec":{"terminate":true}}""");

            await hang.Aborted.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
            await KubectlOkAsync(kubeconfig, null, "wait", "--for=jsonpath={.status.phase}=Terminated", "agent/parent", $"agent/{child}", "--timeout=30s");
            var pods = await KubectlOkAsync(kubeconfig, null, "get", "pods", "-l", $"job-name in (parent-agent,{child}-agent)", "-o", "name");
            for (var i = 0; i < 100 && pods.Trim().Length > 0; i++)
            {
                await Task.Delay(100, Ct);
                pods = await KubectlOkAsync(kubeconfig, null, "get", "pods", "-l", $"job-name in (parent-agent,{child}-agent)", "-o", "name");
            }

            pods.Trim().Should().BeEmpty("the terminated agents' pods (and their processes) are gone");
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
}
