using System.Text.Json.Nodes;
using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Mcp.Discovery;
using DynamoMcp.Operator.McpServers;
using DynamoMcp.Runtime.Reconcile;
using k8s.Models;

namespace DynamoMcp.Operator.Tests.McpServers;

public sealed class McpServerStatusDecisionsTests
{
    private static readonly DateTime Now = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    private static McpServer Server(int? startup = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "everything", NamespaceProperty = "team-a", Generation = 3 },
        Spec = new McpServerSpec { Image = "node:22-slim", StartupTimeoutSeconds = startup },
    };

    private static V1Deployment Deployment(int ready, DateTime created, int replicas = 1) => new()
    {
        Metadata = new V1ObjectMeta { CreationTimestamp = created },
        Spec = new V1DeploymentSpec { Replicas = replicas },
        Status = new V1DeploymentStatus { Replicas = replicas, ReadyReplicas = ready },
    };

    private static McpProbeResult Probe(params string[] tools) => McpProbeResult.Succeeded(new McpServerDescription(
        "2025-11-25", "mcp-servers/everything", "2.0.0",
        [.. tools.Select(t => new DiscoveredTool(t, null, t + "!", null, new JsonObject(), "sha256:" + t, null))], null, 3));

    [Fact]
    public void A_ready_pod_continues_to_discovery_and_counts_replicas()
    {
        var server = Server();

        McpServerStatusDecisions.Rollout(server, Deployment(1, Now.AddSeconds(-5)), null, null, Now).Should().Be(StepOutcome.Continue);
        (server.Status.Replicas, server.Status.ReadyReplicas).Should().Be((1, 1));
    }

    [Fact]
    public void Starting_waits_until_the_startup_allowance_is_over_then_stalls()
    {
        var waiting = McpServerStatusDecisions.Rollout(Server(startup: 60), Deployment(0, Now.AddSeconds(-30)), null, null, Now);
        waiting.Kind.Should().Be(StepOutcomeKind.Waiting);
        waiting.Reason.Should().Be(ConditionReasons.ServerStarting);
        waiting.Message.Should().Be("Starting: 0 of 1 pods ready.");

        var late = McpServerStatusDecisions.Rollout(Server(startup: 60), Deployment(0, Now.AddSeconds(-61)), null, null, Now);
        late.Kind.Should().Be(StepOutcomeKind.Stalled);
        late.Reason.Should().Be(ConditionReasons.StartupTimeout);
        late.Message.Should().Contain("spec.startupTimeoutSeconds (60s)");
    }

    [Fact]
    public void A_crash_loop_stalls_with_the_last_log_lines_and_a_bad_image_says_where_to_look()
    {
        var crash = new McpPodProblem(McpPodProblemKind.CrashLoop, "everything-mcp-abc", "server", "container server keeps exiting (exit code 1, 3 restarts)");

        var stalled = McpServerStatusDecisions.Rollout(Server(), Deployment(0, Now), crash, "npm ERR! 404 Not Found\nnpm ERR! code E404\n", Now);

        stalled.Kind.Should().Be(StepOutcomeKind.Stalled);
        stalled.Reason.Should().Be(ConditionReasons.CrashLooping);
        stalled.Message.Should().Be(
            "container server keeps exiting (exit code 1, 3 restarts). Check spec.command, spec.args and spec.env. " +
            "Last log lines of everything-mcp-abc/server:\nnpm ERR! 404 Not Found\nnpm ERR! code E404");
        McpServerStatusDecisions.Rollout(Server(), Deployment(0, Now), crash with { Kind = McpPodProblemKind.ImagePull, Message = "cannot pull" }, null, Now)
            .Reason.Should().Be(ConditionReasons.ImagePullFailed);
    }

    [Fact]
    public void Discovery_is_due_when_never_done_the_spec_changed_not_ready_or_the_interval_passed()
    {
        var server = Server();
        McpServerStatusDecisions.DiscoveryDue(server, Now, Interval).Should().BeTrue("never listed");

        server.Status.LastDiscoveryTime = Now.AddMinutes(-1);
        server.Status.ObservedGeneration = 3;
        server.Status.Conditions = [new V1Condition { Type = ConditionTypes.Ready, Status = ConditionStatus.True, Reason = ConditionReasons.ToolsDiscovered }];
        McpServerStatusDecisions.DiscoveryDue(server, Now, Interval).Should().BeFalse();
        McpServerStatusDecisions.DiscoveryDue(server, Now.AddMinutes(4), Interval).Should().BeTrue("the interval passed");
        server.Metadata.Generation = 4;
        McpServerStatusDecisions.DiscoveryDue(server, Now, Interval).Should().BeTrue("the spec changed");
        server.Metadata.Generation = 3;
        server.Status.Conditions[0].Status = ConditionStatus.False;
        McpServerStatusDecisions.DiscoveryDue(server, Now, Interval).Should().BeTrue("not Ready");
    }

    [Fact]
    public void A_discovery_fills_status_after_the_filter_and_is_ready()
    {
        var server = Server();
        server.Spec.ToolFilter = new ToolFilter { Deny = ["long*"] };

        var ready = McpServerStatusDecisions.Discovered(server, Probe("echo", "add", "longRunningOperation"), Now, Interval);

        ready.Kind.Should().Be(StepOutcomeKind.Ready);
        ready.Reason.Should().Be(ConditionReasons.ToolsDiscovered);
        ready.Message.Should().Be("2 tools (1 hidden by spec.toolFilter) from mcp-servers/everything 2.0.0, protocol 2025-11-25.");
        ready.RequeueAfter.Should().Be(Interval);
        server.Status.Tools!.Select(t => t.Name).Should().Equal("echo", "add");
        server.Status.ToolCount.Should().Be(2);
        server.Status.ProtocolVersion.Should().Be("2025-11-25");
        server.Status.ServerInfo!.Name.Should().Be("mcp-servers/everything");
        server.Status.LastDiscoveryTime.Should().Be(Now);
    }

    [Fact]
    public void No_tools_stalls_and_a_failed_probe_is_retried_with_its_message()
    {
        McpServerStatusDecisions.Discovered(Server(), Probe(), Now, Interval).Reason.Should().Be(ConditionReasons.NoTools);

        var failed = McpServerStatusDecisions.Discovered(Server(), McpProbeResult.Failed(McpProbeFailureKind.HttpError, "HTTP 404 at http://x/mcp: check spec.path"), Now, Interval);

        failed.Kind.Should().Be(StepOutcomeKind.Transient);
        failed.Reason.Should().Be(ConditionReasons.DiscoveryFailed);
        failed.Message.Should().Be("Cannot list the server's tools: HTTP 404 at http://x/mcp: check spec.path.");
    }

    [Theory]
    [InlineData(StepOutcomeKind.Ready, 1, McpServerPhase.Running)]
    [InlineData(StepOutcomeKind.Ready, 0, McpServerPhase.Degraded)]
    [InlineData(StepOutcomeKind.Stalled, 0, McpServerPhase.Failed)]
    [InlineData(StepOutcomeKind.Waiting, 0, McpServerPhase.Pending)]
    public void The_phase_summarizes_the_outcome(StepOutcomeKind kind, int ready, McpServerPhase phase)
    {
        var server = Server();
        server.Status.ReadyReplicas = ready;
        var outcome = kind switch
        {
            StepOutcomeKind.Ready => StepOutcome.Ready("r", "m"),
            StepOutcomeKind.Stalled => StepOutcome.Stalled("r", "m"),
            _ => StepOutcome.Waiting("r", "m"),
        };

        McpServerStatusDecisions.Summarize(server, outcome);

        server.Status.Phase.Should().Be(phase);
    }
}
