using k8s.Models;

namespace DynamoMcp.Operator.McpServers;

/// <summary>Operator-wide settings of the workloads that run McpServers (configuration section <c>McpServers</c>).</summary>
public sealed class McpServerOptions
{
    /// <summary>
    /// The image holding the stdio front (images/stdio-front): its init container runs <c>&lt;StdioFrontPath&gt; --install
    /// /dynamo-mcp/bin</c>, which copies the binary into an emptyDir, from where a stdio server's container runs it in
    /// front of the server's own command.
    /// </summary>
    public string StdioFrontImage { get; set; } = "ghcr.io/dynamo-mcp/stdio-front:0.1.0";

    /// <summary>Path of the front's binary inside <see cref="StdioFrontImage"/> (it copies itself: the image needs no shell).</summary>
    public string StdioFrontPath { get; set; } = "/stdio-front";

    /// <summary>User and group the server runs as unless its pod template says otherwise: images that default to root (node, python) run non-root.</summary>
    public long RunAsUser { get; set; } = 65532;

    /// <summary>The namespace of the bridge and operator pods, the only ones allowed to connect to servers; any namespace when empty.</summary>
    public string? PlatformNamespace { get; set; }

    /// <summary>Where an egress rule naming a host opens its ports: NetworkPolicy cannot match names (a DNS-aware CNI can).</summary>
    public IList<string> HostEgressCidrs { get; set; } = ["0.0.0.0/0", "::/0"];

    /// <summary>Never reachable from a server, even inside <see cref="HostEgressCidrs"/>: cloud metadata and link-local.</summary>
    public IList<string> EgressExcept { get; set; } = ["169.254.0.0/16"];

    /// <summary>How often a Ready server's tools are listed again (changes are also picked up when its pods change).</summary>
    public TimeSpan DiscoveryInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one discovery (initialize + lists) may take.</summary>
    public TimeSpan DiscoveryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Resources of a server container that sets none.</summary>
    public V1ResourceRequirements Resources { get; set; } = new()
    {
        Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("50m"), ["memory"] = new("64Mi") },
        Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1"), ["memory"] = new("512Mi"), ["ephemeral-storage"] = new("1Gi") },
    };
}
