namespace DynamoMcp.Operator.Agents;

/// <summary>How the operator runs agents.</summary>
public sealed class AgentOptions
{
    /// <summary>The image of src/AgentRuntime (its entrypoint is the runtime; the operator passes <c>--config</c>).</summary>
    public string RuntimeImage { get; set; } = "ghcr.io/dynamo-mcp/agent-runtime:0.1.0";

    /// <summary>The bridge's MCP endpoint as agents' pods reach it.</summary>
    public string BridgeUrl { get; set; } = "http://dynamo-mcp-bridge.dynamo-mcp-system.svc.cluster.local:8080/mcp";

    /// <summary>Lifetime of the bridge credential (a projected service-account token; the kubelet renews it before it expires).</summary>
    public int TokenExpirationSeconds { get; set; } = 3600;

    /// <summary>How often a running agent's turns are read into its status.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long past its deadline an agent's process may take to report before its Job kills it.</summary>
    public TimeSpan DeadlineGrace { get; set; } = TimeSpan.FromSeconds(30);
}
