using DynamoMcp.Operator.McpServers;
using DynamoMcp.Operator.Sandbox;

namespace DynamoMcp.Operator.Hosting;

/// <summary>What <c>run</c> was asked to do, after the command line is parsed.</summary>
public sealed record OperatorRunOptions
{
    public string? Kubeconfig { get; init; }

    public string? Context { get; init; }

    /// <summary>Namespaces to watch; empty means all.</summary>
    public IReadOnlyList<string> Namespaces { get; init; } = [];

    public bool LeaderElect { get; init; }

    public string LeaderElectionNamespace { get; init; } = "dynamo-mcp-system";

    public string LeaderElectionId { get; init; } = "dynamo-mcp-operator";

    /// <summary>Where /healthz, /readyz and /metrics are served.</summary>
    public string HttpAddress { get; init; } = "http://0.0.0.0:8080";

    public int MaxConcurrentReconciles { get; init; } = 4;

    /// <summary>Settings of the sandbox Jobs that inspect and render templates.</summary>
    public SandboxOptions Sandbox { get; init; } = new();

    /// <summary>Settings of the workloads that run McpServers and of their discovery.</summary>
    public McpServerOptions McpServers { get; init; } = new();

    /// <summary>How agents run: the runtime's image, the bridge URL their pods reach.</summary>
    public Agents.AgentOptions Agents { get; init; } = new();
}
