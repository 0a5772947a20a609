using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Mcp.Discovery;
using DynamoMcp.Mcp.Tools;
using DynamoMcp.Runtime.Reconcile;
using k8s.Models;

namespace DynamoMcp.Operator.McpServers;

/// <summary>The McpServer controller's decisions, pure: rollout, when to discover, what a discovery means, the summary.</summary>
public static class McpServerStatusDecisions
{
    /// <summary>How soon a failed discovery is tried again.</summary>
    public static readonly TimeSpan DiscoveryRetry = TimeSpan.FromSeconds(10);

    /// <summary>How the Deployment stands: Continue once a pod is ready; Waiting while starting; Stalled on a problem or past the start-up allowance.</summary>
    public static StepOutcome Rollout(McpServer server, V1Deployment? deployment, McpPodProblem? problem, string? lastLogLines, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(server);
        var status = server.Status ??= new McpServerStatus();
        status.Replicas = deployment?.Status?.Replicas ?? 0;
        status.ReadyReplicas = deployment?.Status?.ReadyReplicas ?? 0;
        if (status.ReadyReplicas > 0)
        {
            return StepOutcome.Continue;
        }

        if (problem is not null)
        {
            var logs = string.IsNullOrWhiteSpace(lastLogLines) ? "" : $" Last log lines of {problem.Pod}/{problem.Container}:\n{lastLogLines.TrimEnd()}";
            return problem.Kind switch
            {
                McpPodProblemKind.ImagePull => StepOutcome.Stalled(ConditionReasons.ImagePullFailed, Sentence(problem.Message)),
                McpPodProblemKind.Config => StepOutcome.Stalled(ConditionReasons.InvalidSpec, Sentence(problem.Message)),
                _ => StepOutcome.Stalled(ConditionReasons.CrashLooping, $"{Sentence(problem.Message)} Check spec.command, spec.args and spec.env.{logs}"),
            };
        }

        var startup = TimeSpan.FromSeconds(server.Spec.StartupTimeoutSeconds ?? McpServerChildren.DefaultStartupTimeoutSeconds);
        var since = deployment?.Metadata?.CreationTimestamp ?? now;
        var wanted = deployment?.Spec?.Replicas ?? 1;
        if (wanted == 0)
        {
            return StepOutcome.Ready(ConditionReasons.ServerStarting, "Scaled to 0 replicas: no pod runs, no tools are offered.");
        }

        return now - since > startup
            ? StepOutcome.Stalled(ConditionReasons.StartupTimeout,
                $"No pod became ready within spec.startupTimeoutSeconds ({startup.TotalSeconds:0}s); check the server's log, or raise the allowance for a slow first start.")
            : StepOutcome.Waiting(ConditionReasons.ServerStarting, $"Starting: 0 of {wanted} pods ready.", TimeSpan.FromSeconds(5));
    }

    /// <summary>Whether the tools must be listed now: never listed, spec changed, pods changed since, not Ready, or the interval passed.</summary>
    public static bool DiscoveryDue(McpServer server, DateTime now, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(server);
        var status = server.Status;
        if (status?.LastDiscoveryTime is not { } last || status.ObservedGeneration != server.Metadata.Generation)
        {
            return true;
        }

        var ready = status.Conditions.Find(ConditionTypes.Ready);
        return ready?.Status != ConditionStatus.True || now - last >= interval;
    }

    /// <summary>What a discovery means for status: Ready with the filtered tools, or not Ready with why (retried).</summary>
    public static StepOutcome Discovered(McpServer server, McpProbeResult result, DateTime now, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(result);
        var status = server.Status ??= new McpServerStatus();
        if (result.Description is not { } description)
        {
            return StepOutcome.Transient(ConditionReasons.DiscoveryFailed, Sentence($"Cannot list the server's tools: {result.Message}"), DiscoveryRetry);
        }

        var tools = ToolFilters.Apply(description.Tools, server.Spec.ToolFilter);
        status.Tools = [.. tools];
        status.ToolCount = tools.Count;
        status.ProtocolVersion = description.ProtocolVersion;
        status.ServerInfo = new McpServerInfo { Name = description.ServerName, Version = description.ServerVersion };
        status.LastDiscoveryTime = now;
        if (tools.Count == 0)
        {
            var why = description.Tools.Count == 0 ? "the server lists no tools" : $"spec.toolFilter hides all {description.Tools.Count} of its tools";
            return StepOutcome.Stalled(ConditionReasons.NoTools, $"Reachable, but {why}: there is nothing to offer.", interval);
        }

        var hidden = description.Tools.Count - tools.Count;
        return StepOutcome.Ready(ConditionReasons.ToolsDiscovered,
            $"{tools.Count} tools{(hidden > 0 ? $" ({hidden} hidden by spec.toolFilter)" : "")} from {description.ServerName} {description.ServerVersion}, protocol {description.ProtocolVersion}.".Replace("  ", " ", StringComparison.Ordinal),
            interval);
    }

    /// <summary>The summary fields: phase from the outcome and replicas.</summary>
    public static void Summarize(McpServer server, StepOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(outcome);
        var status = server.Status ??= new McpServerStatus();
        status.Phase = outcome.Kind switch
        {
            StepOutcomeKind.Ready when server.Spec.Remote is null && status.ReadyReplicas < (server.Spec.Replicas ?? 1) => McpServerPhase.Degraded,
            StepOutcomeKind.Ready => McpServerPhase.Running,
            StepOutcomeKind.Stalled => McpServerPhase.Failed,
            _ => status.Phase == McpServerPhase.Running ? McpServerPhase.Degraded : McpServerPhase.Pending,
        };
    }

    private static string Sentence(string text) => text.EndsWith('.') ? text : text + ".";
}
