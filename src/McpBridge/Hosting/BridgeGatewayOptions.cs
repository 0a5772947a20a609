using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace DynamoMcp.McpBridge.Hosting;

/// <summary>The gateway to the platform's McpServers (section <c>Bridge:Gateway</c>).</summary>
public sealed class BridgeGatewayOptions
{
    /// <summary>Offer Ready McpServers' tools as <c>server__tool</c> on <c>/mcp</c> and serve <c>/servers/{namespace}/{name}/mcp</c>.</summary>
    [Description("Offer Ready McpServers' tools as <server>__<tool> on /mcp and serve /servers/{namespace}/{name}/mcp.")]
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Base64 key (32 bytes or more) that binds the per-server endpoint's session ids to the caller who opened them.
    /// Every replica of one bridge needs the same key; unset, each process makes its own (one replica only).
    /// </summary>
    [Description("Base64 key (>= 32 bytes) binding per-server session ids to their caller; the same on every replica (random per process when unset).")]
    public string? SessionKey { get; set; }

    /// <summary>Upstream sessions held at once (one per caller and server); the least recently used idle one goes first.</summary>
    [Description("Upstream MCP sessions held at once (one per caller and server).")]
    [Range(1, 1_000_000)]
    public int MaxUpstreamSessions { get; set; } = 1000;

    /// <summary>An upstream session unused this long is closed.</summary>
    [Description("An upstream session unused this long is closed.")]
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan UpstreamIdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a server's headers Secret is reused before it is read again.</summary>
    [Description("How long a server's headers Secret is reused before it is read again.")]
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan HeadersCacheLifetime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest request body the per-server endpoint reads to count tool calls by name (larger ones pass uncounted by name).</summary>
    [Description("Largest request body the per-server endpoint parses to name the tool in metrics.")]
    [Range(0, 64 * 1024 * 1024)]
    public int MetricsPeekBytes { get; set; } = 256 * 1024;
}
